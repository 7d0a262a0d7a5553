using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages.Sgp32;

namespace IotEsim.Euicc.Engine.Sgp32
{
    public sealed partial class Sgp32Functions
    {
        /// <summary>
        /// One eIM Configuration Operation (SGP.32 §2.11.1.1.2): addEim, deleteEim, updateEim, listEim.
        /// Each change is one write of the eIM configuration record, which also carries the counter the
        /// package itself already advanced.
        /// </summary>
        EuiccResultItem ExecuteEco(Eco e, PackageContext ctx, out bool ok)
        {
            var cfg = ctx.Config;
            switch (e.Kind)
            {
                case Eco.AddEim:
                    {
                        var c = e.Configuration;
                        ok = false;
                        if (cfg.Find(c.EimId) != null) return EuiccResultItem.AddEimCode(AddInitialEimResponse.AssociatedEimAlreadyExists);
                        bool wantsToken;
                        int err = cfg.Prepare(c, out wantsToken);
                        if (err != 0) return EuiccResultItem.AddEimCode(err);
                        if (wantsToken && cfg.TokensExhausted) return EuiccResultItem.AddEimCode(AddInitialEimResponse.UndefinedError);
                        if (wantsToken) { c.HasAssociationToken = true; c.AssociationToken = cfg.AllocateToken(); }
                        cfg.Add(c);
                        cfg.Save();
                        ok = true;
                        return wantsToken ? EuiccResultItem.AddEimToken(c.AssociationToken) : EuiccResultItem.AddEimCode(EuiccResultCode.Ok);
                    }
                case Eco.DeleteEim:
                    {
                        if (!cfg.Remove(e.EimId))
                        {
                            ok = false;
                            return EuiccResultItem.Simple(EuiccResultItem.DeleteEimResult, EuiccResultCode.EimNotFound);
                        }
                        cfg.Save();
                        ok = true;
                        // Deleting the last eIM is carried out (the eUICC then accepts AddInitialEim again) and
                        // reported distinctly so the eIM knows it has orphaned the eUICC.
                        return EuiccResultItem.Simple(EuiccResultItem.DeleteEimResult, cfg.Count == 0 ? EuiccResultCode.LastEimDeleted : EuiccResultCode.Ok);
                    }
                case Eco.UpdateEim:
                    {
                        var c = e.Configuration;
                        ok = false;
                        var old = cfg.Find(c.EimId);
                        if (old == null) return EuiccResultItem.Simple(EuiccResultItem.UpdateEimResult, EuiccResultCode.EimNotFound);
                        bool hadCounter = c.HasCounterValue;
                        bool wantsToken;
                        int err = cfg.Prepare(c, out wantsToken);
                        if (err != 0) return EuiccResultItem.Simple(EuiccResultItem.UpdateEimResult, err);
                        // A counter may only move forward: lowering it would let old packages be replayed.
                        if (!hadCounter) c.CounterValue = old.CounterValue;
                        else if (c.CounterValue < old.CounterValue)
                            return EuiccResultItem.Simple(EuiccResultItem.UpdateEimResult, AddInitialEimResponse.CounterValueOutOfRange);
                        // The association stays the same one: updateEim has no way to return a new token.
                        c.HasAssociationToken = old.HasAssociationToken;
                        c.AssociationToken = old.AssociationToken;
                        cfg.Remove(old.EimId);
                        cfg.Add(c);
                        cfg.Save();
                        ok = true;
                        return EuiccResultItem.Simple(EuiccResultItem.UpdateEimResult, EuiccResultCode.Ok);
                    }
                case Eco.ListEim:
                    {
                        var w = new TlvWriter(256);
                        w.Begin(EuiccResultItem.ListEimResult).Begin(0xA0);
                        for (int i = 0; i < cfg.Count; i++)
                        {
                            var c = cfg.Get(i);
                            w.Begin(Tags.Sequence).WriteUtf8(0x80, c.EimId);
                            if (c.EimIdType >= 0) w.WriteInteger(0x82, c.EimIdType);
                            w.End();
                        }
                        w.End().End();
                        ok = true;
                        return EuiccResultItem.Constructed(w.ToArray());
                    }
                default:
                    ok = false;
                    return EuiccResultItem.Simple(EuiccResultItem.ProcessingTerminated, EuiccResultCode.UnknownOrDamagedCommand);
            }
        }
    }
}

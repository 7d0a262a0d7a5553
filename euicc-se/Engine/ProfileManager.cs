using System;
using System.Collections;
using IotEsim.Euicc.State;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Util;

namespace IotEsim.Euicc.Engine
{
    /// <summary>
    /// ES10c profile management (SGP.22 §5.7.16-5.7.21) and <see cref="IProfileOperations"/> for SGP.32:
    /// at most one enabled profile, only disabled profiles are deleted, and every change is committed with the
    /// notifications it causes (per the profile's NotificationConfigurationInfo, §5.7.16) in one index write.
    /// </summary>
    public sealed class ProfileManager : IProfileOperations
    {
        private readonly EuiccContext _ctx;
        private readonly NotificationQueue _queue;

        public ProfileManager(EuiccContext ctx, NotificationQueue queue)
        {
            _ctx = ctx;
            _queue = queue;
        }

        public byte[] EnabledIccid
        {
            get { var p = _ctx.State.Enabled; return p == null ? null : p.Iccid; }
        }

        public ArrayList RulesAuthorisationTable { get { return _ctx.Options.RulesAuthorisationTable; } }

        /// <summary>PSMOs and SGP.32 functions without a flag: no REFRESH from the eUICC (the IPA resets the card).</summary>
        public int Enable(byte[] iccid, bool rollback) { return Enable(iccid, rollback, false); }

        /// <summary>ES10c.EnableProfile (§5.7.16). Checks in the order of the result codes: target, state, the
        /// enabled profile's PPR1 (enabling another one disables it), a proactive session without refreshFlag.</summary>
        public int Enable(byte[] iccid, bool rollback, bool refreshFlag)
        {
            var target = _ctx.State.FindByIccid(iccid);
            if (target == null) return ProfileOperationResult.IccidOrAidNotFound;
            if (target.State == ProfileValues.StateEnabled) return ProfileOperationResult.ProfileNotInDisabledState;
            var enabled = _ctx.State.Enabled;
            if (enabled != null && ProfilePolicy.Has(enabled.DecodedMetadata, ProfilePolicy.Ppr1)) return ProfileOperationResult.DisallowedByPolicy;
            if (!refreshFlag && _ctx.Proactive.SessionOngoing) return ProfileOperationResult.CatBusy;
            var next = _ctx.State.Clone();
            var current = next.Enabled;
            if (current != null)
            {
                current.State = ProfileValues.StateDisabled;
                StageNotification(next, current, NotificationEvent.Disable);
            }
            var t = next.FindByIccid(iccid);
            t.State = ProfileValues.StateEnabled;
            next.RollbackIccid = rollback && current != null ? current.Iccid : null;
            StageNotification(next, t, NotificationEvent.Enable);
            _ctx.Commit(next);
            if (refreshFlag) _ctx.Proactive.RequestRefresh();
            return ProfileOperationResult.Ok;
        }

        public int Disable(byte[] iccid) { return Disable(iccid, false); }

        /// <summary>ES10c.DisableProfile (§5.7.17): PPR1 forbids it (disallowedByPolicy).</summary>
        public int Disable(byte[] iccid, bool refreshFlag)
        {
            var target = _ctx.State.FindByIccid(iccid);
            if (target == null) return ProfileOperationResult.IccidOrAidNotFound;
            if (target.State != ProfileValues.StateEnabled) return ProfileOperationResult.ProfileNotInEnabledState;
            if (ProfilePolicy.Has(target.DecodedMetadata, ProfilePolicy.Ppr1)) return ProfileOperationResult.DisallowedByPolicy;
            if (!refreshFlag && _ctx.Proactive.SessionOngoing) return ProfileOperationResult.CatBusy;
            var next = _ctx.State.Clone();
            var t = next.FindByIccid(iccid);
            t.State = ProfileValues.StateDisabled;
            StageNotification(next, t, NotificationEvent.Disable);
            _ctx.Commit(next);
            if (refreshFlag) _ctx.Proactive.RequestRefresh();
            return ProfileOperationResult.Ok;
        }

        /// <summary>ES10c.DeleteProfile (§5.7.18): only a disabled profile without PPR2. DeleteProfileRequest has no
        /// refreshFlag and DeleteProfileResponse no catBusy: deleting a disabled profile touches no active NAA.</summary>
        public int Delete(byte[] iccid)
        {
            var target = _ctx.State.FindByIccid(iccid);
            if (target == null) return ProfileOperationResult.IccidOrAidNotFound;
            if (target.State == ProfileValues.StateEnabled) return ProfileOperationResult.ProfileNotInDisabledState;
            if (ProfilePolicy.Has(target.DecodedMetadata, ProfilePolicy.Ppr2)) return ProfileOperationResult.DisallowedByPolicy;
            var next = _ctx.State.Clone();
            var t = next.FindByIccid(iccid);
            next.Profiles.Remove(t);
            if (next.FallbackIccid != null && Bytes.Equal(next.FallbackIccid, iccid)) next.FallbackIccid = null;
            if (next.RollbackIccid != null && Bytes.Equal(next.RollbackIccid, iccid)) next.RollbackIccid = null;
            StageNotification(next, t, NotificationEvent.Delete);
            _ctx.Commit(next);
            // The image is unreferenced from here on; a cut before this delete leaves an orphan for start-up.
            _ctx.Store.Store.Delete(t.ImageKey);
            return ProfileOperationResult.Ok;
        }

        public int Rollback()
        {
            var r = _ctx.State.RollbackIccid;
            if (r == null) return ProfileOperationResult.UndefinedError;
            return Enable(r, false);
        }

        public int SetFallbackAttribute(byte[] iccid)
        {
            if (_ctx.State.FindByIccid(iccid) == null) return ProfileOperationResult.IccidOrAidNotFound;
            var next = _ctx.State.Clone();
            next.FallbackIccid = iccid;
            _ctx.Commit(next);
            return ProfileOperationResult.Ok;
        }

        public int UnsetFallbackAttribute()
        {
            var next = _ctx.State.Clone();
            next.FallbackIccid = null;
            _ctx.Commit(next);
            return ProfileOperationResult.Ok;
        }

        /// <summary>Adds an OtherSignedNotification for <paramref name="evt"/> when the profile's metadata asks for one.</summary>
        private void StageNotification(EuiccState next, ProfileRecord p, int evt)
        {
            var cfg = p.DecodedMetadata.NotificationConfigurationInfo;
            if (cfg == null) return;
            string address = null;
            for (int i = 0; i < cfg.Count; i++)
            {
                var c = (NotificationConfigurationInfo)cfg[i];
                if (c.ProfileManagementOperation.Get(evt)) { address = c.NotificationAddress; break; }
            }
            if (address == null) return;
            int seq = next.NextSeqNumber;
            var meta = NotificationMetadata.Create(seq, evt, address, p.Iccid);
            byte[] tbs = meta.Encode();
            var n = new OtherSignedNotification();
            n.TbsOtherNotification = meta;
            n.EuiccNotificationSignature = _ctx.Sign(tbs);
            n.EuiccCertificate = _ctx.Identity.EuiccCertificate;
            n.EumCertificate = _ctx.Identity.EumCertificate;
            var w = new TlvWriter(1400);
            n.Write(w);
            _queue.Stage(next, seq, EuiccState.KindOtherSignedNotification, w.ToArray());
        }

        public ProfileInfo InfoOf(ProfileRecord p)
        {
            var m = p.DecodedMetadata;
            var i = new ProfileInfo();
            i.Iccid = p.Iccid;
            i.IsdpAid = p.IsdpAid;
            i.ProfileState = p.State;
            i.ProfileNickname = p.Nickname;
            i.ServiceProviderName = m.ServiceProviderName;
            i.ProfileName = m.ProfileName;
            i.IconType = m.IconType;
            i.Icon = m.Icon;
            i.ProfileClass = p.ProfileClass;
            i.NotificationConfigurationInfo = m.NotificationConfigurationInfo;
            i.ProfileOwner = m.ProfileOwner;
            i.DpProprietaryData = p.DpProprietaryData;
            i.ProfilePolicyRules = m.ProfilePolicyRules;
            return i;
        }

        /// <summary>ES10c.GetProfilesInfo (§5.7.15): search by ICCID, ISD-P AID or class; tagList limits the elements.</summary>
        public byte[] GetProfilesInfo(byte[] request)
        {
            ProfileInfoListRequest req;
            try { req = ProfileInfoListRequest.Decode(request); }
            catch (DerException)
            {
                var e = new ProfileInfoListResponse();
                e.Error = ListErrorCode.IncorrectInputValues;
                return e.Encode();
            }
            var s = _ctx.State;
            var w = new TlvWriter(1024);
            w.Begin(RspTags.ProfileInfoList).Begin(0xA0);
            for (int i = 0; i < s.Profiles.Count; i++)
            {
                var p = s.Profile(i);
                if (req.SearchIccid != null && !Bytes.Equal(req.SearchIccid, p.Iccid)) continue;
                if (req.SearchAid != null && !Bytes.Equal(req.SearchAid, p.IsdpAid)) continue;
                if (req.SearchProfileClass >= 0 && req.SearchProfileClass != p.ProfileClass) continue;
                byte[] info = InfoOf(p).Encode();
                if (req.TagList == null) { w.WriteRaw(info); continue; }
                var wanted = ParseTagList(req.TagList);
                var t = TlvReader.Parse(info);
                w.Begin(RspTags.ProfileInfo);
                var kids = t.ChildArray();
                for (int k = 0; k < kids.Length; k++) if (wanted.Contains(kids[k].Tag)) w.WriteRaw(kids[k].Encoded());
                w.End();
            }
            return w.End().End().ToArray();
        }

        private static Hashtable ParseTagList(byte[] list)
        {
            var h = new Hashtable();
            int i = 0;
            while (i < list.Length)
            {
                int tag = list[i++];
                if ((tag & 0x1F) == 0x1F)
                {
                    while (i < list.Length)
                    {
                        int b = list[i++];
                        tag = (tag << 8) | b;
                        if ((b & 0x80) == 0) break;
                    }
                }
                h[tag] = true;
            }
            return h;
        }

        /// <summary>ES10c.SetNickname (§5.7.21).</summary>
        public int SetNickname(byte[] iccid, string nickname)
        {
            if (_ctx.State.FindByIccid(iccid) == null) return SetNicknameResult.IccidNotFound;
            var next = _ctx.State.Clone();
            next.FindByIccid(iccid).Nickname = nickname;
            _ctx.Commit(next);
            return SetNicknameResult.Ok;
        }

        /// <summary>ES10c.eUICCMemoryReset (§5.7.19): operational / test profiles and the default SM-DP+ address.</summary>
        public int MemoryReset(BitString options)
        {
            var next = _ctx.State.Clone();
            var removed = new ArrayList();
            bool changed = false;
            for (int i = next.Profiles.Count - 1; i >= 0; i--)
            {
                var p = next.Profile(i);
                int c = p.ProfileClass;
                bool del = (c == ProfileValues.ClassOperational && options.Get(EuiccMemoryResetRequest.DeleteOperationalProfiles))
                    || (c == ProfileValues.ClassTest && options.Get(EuiccMemoryResetRequest.DeleteFieldLoadedTestProfiles));
                if (!del) continue;
                next.Profiles.RemoveAt(i);
                removed.Add(p.ImageKey);
                changed = true;
            }
            if (options.Get(EuiccMemoryResetRequest.ResetDefaultSmdpAddress) && next.DefaultDpAddress != null)
            {
                next.DefaultDpAddress = null;
                changed = true;
            }
            if (!changed) return EuiccMemoryResetResult.NothingToDelete;
            // No notifications for a memory reset (§5.7.19); queued ones of deleted profiles stay deliverable.
            next.RollbackIccid = null;
            next.FallbackIccid = null;
            _ctx.Commit(next);
            for (int i = 0; i < removed.Count; i++) _ctx.Store.Store.Delete((string)removed[i]);
            return EuiccMemoryResetResult.Ok;
        }
    }
}

using System;
using System.Collections;
using IotEsim.Rsp.Messages;

namespace IotEsim.Euicc.Engine
{
    /// <summary>
    /// Profile Policy Rules (SGP.22 v2.5 §2.9): the rules a profile carries in its metadata (pprIds BIT STRING
    /// {pprUpdateControl(0), ppr1(1), ppr2(2)}) and the eUICC's Rules Authorisation Table, which says which
    /// operators may install a profile with which rules (§2.9.2.2, GetRAT §5.7.18).
    /// PPR1: disabling the profile is not allowed; PPR2: deleting the profile is not allowed.
    /// </summary>
    public static class ProfilePolicy
    {
        public const int PprUpdateControl = 0;
        public const int Ppr1 = 1;
        public const int Ppr2 = 2;

        /// <summary>True when <paramref name="metadata"/> carries the rule <paramref name="ppr"/>.</summary>
        public static bool Has(StoreMetadataRequest metadata, int ppr)
        {
            return metadata != null && metadata.ProfilePolicyRules != null && metadata.ProfilePolicyRules.Get(ppr);
        }

        /// <summary>
        /// Install-time check (§2.9.2.2): every rule the profile sets (PPR1, PPR2) must be allowed by a RAT entry
        /// that names it and whose allowedOperators match the profile owner. A profile without rules is always
        /// allowed; a profile with rules but no profileOwner cannot match any operator.
        /// </summary>
        public static bool AllowedByRat(StoreMetadataRequest metadata, ArrayList rat)
        {
            for (int ppr = Ppr1; ppr <= Ppr2; ppr++)
            {
                if (!Has(metadata, ppr)) continue;
                if (!RuleAllowed(ppr, metadata.ProfileOwner, rat)) return false;
            }
            return true;
        }

        private static bool RuleAllowed(int ppr, OperatorId owner, ArrayList rat)
        {
            if (owner == null || rat == null) return false;
            for (int i = 0; i < rat.Count; i++)
            {
                var rule = (ProfilePolicyAuthorisationRule)rat[i];
                if (!rule.PprIds.Get(ppr)) continue;
                for (int k = 0; k < rule.AllowedOperators.Count; k++)
                    if (OperatorMatches((OperatorId)rule.AllowedOperators[k], owner)) return true;
            }
            return false;
        }

        /// <summary>
        /// An allowedOperators entry matches the profile owner when every MCC/MNC digit is equal or is the
        /// wildcard 'E' in the RAT entry, and each GID the entry names is equal (an entry without GIDs matches
        /// any; see docs/decisions.md "RAT operator match").
        /// </summary>
        public static bool OperatorMatches(OperatorId allowed, OperatorId owner)
        {
            if (allowed.MccMnc == null || owner.MccMnc == null || allowed.MccMnc.Length != owner.MccMnc.Length) return false;
            for (int i = 0; i < allowed.MccMnc.Length; i++)
            {
                int a = allowed.MccMnc[i], o = owner.MccMnc[i];
                if (!DigitMatches(a & 0x0F, o & 0x0F) || !DigitMatches(a >> 4, o >> 4)) return false;
            }
            if (allowed.Gid1 != null && (owner.Gid1 == null || !IotEsim.Rsp.Util.Bytes.Equal(allowed.Gid1, owner.Gid1))) return false;
            if (allowed.Gid2 != null && (owner.Gid2 == null || !IotEsim.Rsp.Util.Bytes.Equal(allowed.Gid2, owner.Gid2))) return false;
            return true;
        }

        private static bool DigitMatches(int allowed, int owner)
        {
            return allowed == 0x0E || allowed == owner;
        }

        /// <summary>forbiddenProfilePolicyRules for EUICCInfo2 (tag 99): PPR1/PPR2 when no RAT entry allows them
        /// for any operator.</summary>
        public static BitString Forbidden(ArrayList rat)
        {
            bool p1 = false, p2 = false;
            if (rat != null)
            {
                for (int i = 0; i < rat.Count; i++)
                {
                    var rule = (ProfilePolicyAuthorisationRule)rat[i];
                    if (rule.AllowedOperators.Count == 0) continue;
                    if (rule.PprIds.Get(Ppr1)) p1 = true;
                    if (rule.PprIds.Get(Ppr2)) p2 = true;
                }
            }
            if (p1 && p2) return null;
            if (p1) return BitString.FromBit(Ppr2);
            if (p2) return BitString.FromBit(Ppr1);
            return BitString.FromBits(new int[] { Ppr1, Ppr2 });
        }
    }

    /// <summary>
    /// The card's proactive (CAT, ETSI TS 102 223) side as far as profile switching needs it. A proactive
    /// session is ongoing between a 91xx status word and the terminal's TERMINAL RESPONSE; this eUICC has no
    /// toolkit applets of its own, so the host (or a test) reports the session here.
    /// A state change made with refreshFlag leaves a REFRESH to be fetched by the terminal (qualifier 04 UICC
    /// reset, the mode SGP.22 devices act on); see docs/decisions.md "refreshFlag and catBusy".
    /// </summary>
    public sealed class ProactiveState
    {
        /// <summary>REFRESH command qualifier "UICC Reset" (TS 102 223 §8.6).</summary>
        public const int RefreshUiccReset = 0x04;

        /// <summary>True while a proactive session is ongoing (set by the host or a test).</summary>
        public bool SessionOngoing;

        /// <summary>REFRESH qualifier the terminal has still to fetch, 0 when none.</summary>
        public int PendingRefresh;

        /// <summary>Number of REFRESH commands requested since start-up.</summary>
        public int RefreshCount;

        public void RequestRefresh()
        {
            PendingRefresh = RefreshUiccReset;
            RefreshCount++;
        }

        /// <summary>The terminal fetched the REFRESH (or the card was reset): nothing pending any more.</summary>
        public void RefreshDone() { PendingRefresh = 0; }
    }
}

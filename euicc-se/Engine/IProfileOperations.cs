using System;

namespace IotEsim.Euicc.Engine
{
    /// <summary>
    /// Profile state changes, shared by the SGP.22 ES10c functions (Enable/Disable/Delete, used by
    /// consumer-style tools) and the SGP.32 PSMOs executed from eIM packages. One implementation
    /// (<c>ProfileManager</c>) owns the rules: one enabled profile at a time, a profile must be disabled
    /// to be deleted, fallback and emergency attributes, rollback bookkeeping; every change is persisted
    /// atomically before it is reported.
    ///
    /// Results are the SGP.22/SGP.32 result codes (ok 0, iccidOrAidNotFound 1, profileNotInDisabledState 2,
    /// disallowedByPolicy 3, wrongProfileReenabling 4, catBusy 5, ... undefinedError 127).
    /// </summary>
    public interface IProfileOperations
    {
        /// <summary>Enables the profile with this ICCID (10-byte BCD as carried in 5A) and disables the
        /// one enabled before. With <paramref name="rollback"/> the previous profile is remembered so
        /// ProfileRollback can return to it.</summary>
        int Enable(byte[] iccid, bool rollback);

        /// <summary>As <see cref="Enable(byte[], bool)"/>; with <paramref name="refreshFlag"/> the eUICC issues the
        /// REFRESH itself, without it a proactive session in progress makes the answer catBusy (5).</summary>
        int Enable(byte[] iccid, bool rollback, bool refreshFlag);

        int Disable(byte[] iccid);

        int Disable(byte[] iccid, bool refreshFlag);

        /// <summary>disallowedByPolicy (3) when the profile carries PPR2.</summary>
        int Delete(byte[] iccid);

        /// <summary>The Rules Authorisation Table (ArrayList of ProfilePolicyAuthorisationRule) for GetRAT.</summary>
        System.Collections.ArrayList RulesAuthorisationTable { get; }

        /// <summary>ProfileRollback (SGP.32 BF58): re-enable the profile remembered by the last Enable with rollback.</summary>
        int Rollback();

        /// <summary>SGP.32 setFallbackAttribute / unsetFallbackAttribute.</summary>
        int SetFallbackAttribute(byte[] iccid);

        int UnsetFallbackAttribute();

        /// <summary>A complete GetProfilesInfo response (BF2D ...) for a GetProfilesInfo request TLV (BF2D ...),
        /// used by the listProfileInfo PSMO and ES10c.GetProfilesInfo alike.</summary>
        byte[] GetProfilesInfo(byte[] request);

        /// <summary>ICCID (BCD) of the enabled profile, or null.</summary>
        byte[] EnabledIccid { get; }
    }

    /// <summary>Where notifications (SGP.22 install/enable/disable/delete, SGP.32 eIM package results)
    /// are queued until the IPA has delivered them and called RemoveNotificationFromList.</summary>
    public interface INotificationQueue
    {
        /// <summary>Next sequence number (strictly increasing, persisted).</summary>
        int NextSequenceNumber();

        /// <summary>Stores a complete pending notification TLV (BF37 ProfileInstallationResult, 30
        /// OtherSignedNotification, or an SGP.32 EuiccPackageResult) under its sequence number.</summary>
        void Add(int seqNumber, int kind, byte[] notification);

        /// <summary>Removes it; false when no such sequence number is queued.</summary>
        bool Remove(int seqNumber);
    }
}

namespace IotEsim.Rsp.Messages
{
    // Result and error codes of SGP.22 v2.5 as named INTEGER values of the ASN.1 (pySim rsp.asn,
    // SGP.22 §5.6/§5.7). Each class offers Name(code) for logs and error messages; unknown values
    // are shown as the number (Enum.ToString() is unusable on nanoFramework).

    /// <summary>AuthenticateResponseError.authenticateErrorCode (ES10b.AuthenticateServer).</summary>
    public static class AuthenticateErrorCode
    {
        public const int InvalidCertificate = 1;
        public const int InvalidSignature = 2;
        public const int UnsupportedCurve = 3;
        public const int NoSessionContext = 4;
        public const int InvalidOid = 5;
        public const int EuiccChallengeMismatch = 6;
        public const int CiPKUnknown = 7;
        public const int UndefinedError = 127;

        public static string Name(int code)
        {
            switch (code)
            {
                case InvalidCertificate: return "invalidCertificate";
                case InvalidSignature: return "invalidSignature";
                case UnsupportedCurve: return "unsupportedCurve";
                case NoSessionContext: return "noSessionContext";
                case InvalidOid: return "invalidOid";
                case EuiccChallengeMismatch: return "euiccChallengeMismatch";
                case CiPKUnknown: return "ciPKUnknown";
                case UndefinedError: return "undefinedError";
                default: return Codes.Unknown(code);
            }
        }
    }

    /// <summary>PrepareDownloadResponseError.downloadErrorCode (ES10b.PrepareDownload).</summary>
    public static class DownloadErrorCode
    {
        public const int InvalidCertificate = 1;
        public const int InvalidSignature = 2;
        public const int UnsupportedCurve = 3;
        public const int NoSessionContext = 4;
        public const int InvalidTransactionId = 5;
        public const int UndefinedError = 127;

        public static string Name(int code)
        {
            switch (code)
            {
                case InvalidCertificate: return "invalidCertificate";
                case InvalidSignature: return "invalidSignature";
                case UnsupportedCurve: return "unsupportedCurve";
                case NoSessionContext: return "noSessionContext";
                case InvalidTransactionId: return "invalidTransactionId";
                case UndefinedError: return "undefinedError";
                default: return Codes.Unknown(code);
            }
        }
    }

    /// <summary>ErrorResult.bppCommandId of a ProfileInstallationResult: which BPP part failed.</summary>
    public static class BppCommandId
    {
        public const int InitialiseSecureChannel = 0;
        public const int ConfigureIsdp = 1;
        public const int StoreMetadata = 2;
        public const int StoreMetadata2 = 3;
        public const int ReplaceSessionKeys = 4;
        public const int LoadProfileElements = 5;

        public static string Name(int code)
        {
            switch (code)
            {
                case InitialiseSecureChannel: return "initialiseSecureChannel";
                case ConfigureIsdp: return "configureISDP";
                case StoreMetadata: return "storeMetadata";
                case StoreMetadata2: return "storeMetadata2";
                case ReplaceSessionKeys: return "replaceSessionKeys";
                case LoadProfileElements: return "loadProfileElements";
                default: return Codes.Unknown(code);
            }
        }
    }

    /// <summary>ErrorResult.errorReason of a ProfileInstallationResult.</summary>
    public static class ProfileInstallationErrorReason
    {
        public const int IncorrectInputValues = 1;
        public const int InvalidSignature = 2;
        public const int InvalidTransactionId = 3;
        public const int UnsupportedCrtValues = 4;
        public const int UnsupportedRemoteOperationType = 5;
        public const int UnsupportedProfileClass = 6;
        public const int Scp03tStructureError = 7;
        public const int Scp03tSecurityError = 8;
        public const int IccidAlreadyExistsOnEuicc = 9;
        public const int InsufficientMemoryForProfile = 10;
        public const int Interruption = 11;
        public const int PeProcessingError = 12;
        public const int IccidMismatch = 13;
        public const int TestProfileInvalidNaaKey = 14;
        public const int PprNotAllowed = 15;
        public const int UnknownError = 127;

        public static string Name(int code)
        {
            switch (code)
            {
                case IncorrectInputValues: return "incorrectInputValues";
                case InvalidSignature: return "invalidSignature";
                case InvalidTransactionId: return "invalidTransactionId";
                case UnsupportedCrtValues: return "unsupportedCrtValues";
                case UnsupportedRemoteOperationType: return "unsupportedRemoteOperationType";
                case UnsupportedProfileClass: return "unsupportedProfileClass";
                case Scp03tStructureError: return "scp03tStructureError";
                case Scp03tSecurityError: return "scp03tSecurityError";
                case IccidAlreadyExistsOnEuicc: return "installFailedDueToIccidAlreadyExistsOnEuicc";
                case InsufficientMemoryForProfile: return "installFailedDueToInsufficientMemoryForProfile";
                case Interruption: return "installFailedDueToInterruption";
                case PeProcessingError: return "installFailedDueToPEProcessingError";
                case IccidMismatch: return "installFailedDueToIccidMismatch";
                case TestProfileInvalidNaaKey: return "testProfileInstallFailedDueToInvalidNaaKey";
                case PprNotAllowed: return "pprNotAllowed";
                case UnknownError: return "installFailedDueToUnknownError";
                default: return Codes.Unknown(code);
            }
        }
    }

    /// <summary>enableResult / disableResult / deleteResult of ES10c Enable/Disable/DeleteProfile.
    /// Value 2 is profileNotInDisabledState for enable and delete, profileNotInEnabledState for disable.</summary>
    public static class ProfileOperationResult
    {
        public const int Ok = 0;
        public const int IccidOrAidNotFound = 1;
        public const int ProfileNotInDisabledState = 2;
        public const int ProfileNotInEnabledState = 2;
        public const int DisallowedByPolicy = 3;
        public const int WrongProfileReenabling = 4;
        public const int CatBusy = 5;
        public const int UndefinedError = 127;

        public static string Name(int code)
        {
            switch (code)
            {
                case Ok: return "ok";
                case IccidOrAidNotFound: return "iccidOrAidNotFound";
                case ProfileNotInDisabledState: return "profileNotInDisabledState";
                case DisallowedByPolicy: return "disallowedByPolicy";
                case WrongProfileReenabling: return "wrongProfileReenabling";
                case CatBusy: return "catBusy";
                case UndefinedError: return "undefinedError";
                default: return Codes.Unknown(code);
            }
        }

        /// <summary>Name as used for DisableProfile (value 2 differs).</summary>
        public static string DisableName(int code)
        {
            return code == ProfileNotInEnabledState ? "profileNotInEnabledState" : Name(code);
        }
    }

    /// <summary>CancelSessionReason (ES10b.CancelSession, ES9+.CancelSession).</summary>
    public static class CancelSessionReason
    {
        public const int EndUserRejection = 0;
        public const int Postponed = 1;
        public const int Timeout = 2;
        public const int PprNotAllowed = 3;
        public const int MetadataMismatch = 4;
        public const int LoadBppExecutionError = 5;
        public const int UndefinedReason = 127;

        public static string Name(int code)
        {
            switch (code)
            {
                case EndUserRejection: return "endUserRejection";
                case Postponed: return "postponed";
                case Timeout: return "timeout";
                case PprNotAllowed: return "pprNotAllowed";
                case MetadataMismatch: return "metadataMismatch";
                case LoadBppExecutionError: return "loadBppExecutionError";
                case UndefinedReason: return "undefinedReason";
                default: return Codes.Unknown(code);
            }
        }
    }

    /// <summary>cancelSessionResponseError of ES10b.CancelSession.</summary>
    public static class CancelSessionError
    {
        public const int InvalidTransactionId = 5;
        public const int UndefinedError = 127;

        public static string Name(int code)
        {
            switch (code)
            {
                case InvalidTransactionId: return "invalidTransactionId";
                case UndefinedError: return "undefinedError";
                default: return Codes.Unknown(code);
            }
        }
    }

    /// <summary>NotificationEvent named bits (BIT STRING; one bit set in NotificationMetadata).</summary>
    public static class NotificationEvent
    {
        public const int Install = 0;
        public const int Enable = 1;
        public const int Disable = 2;
        public const int Delete = 3;

        public static string Name(int bit)
        {
            switch (bit)
            {
                case Install: return "notificationInstall";
                case Enable: return "notificationEnable";
                case Disable: return "notificationDisable";
                case Delete: return "notificationDelete";
                default: return "bit " + bit.ToString();
            }
        }
    }

    /// <summary>NotificationSentResponse.deleteNotificationStatus (ES10b.RemoveNotificationFromList).</summary>
    public static class RemoveNotificationResult
    {
        public const int Ok = 0;
        public const int NothingToDelete = 1;
        public const int UndefinedError = 127;

        public static string Name(int code)
        {
            switch (code)
            {
                case Ok: return "ok";
                case NothingToDelete: return "nothingToDelete";
                case UndefinedError: return "undefinedError";
                default: return Codes.Unknown(code);
            }
        }
    }

    /// <summary>SetNicknameResponse.setNicknameResult.</summary>
    public static class SetNicknameResult
    {
        public const int Ok = 0;
        public const int IccidNotFound = 1;
        public const int UndefinedError = 127;

        public static string Name(int code)
        {
            switch (code)
            {
                case Ok: return "ok";
                case IccidNotFound: return "iccidNotFound";
                case UndefinedError: return "undefinedError";
                default: return Codes.Unknown(code);
            }
        }
    }

    /// <summary>EuiccMemoryResetResponse.resetResult (SGP.22 ES10c.eUICCMemoryReset).</summary>
    public static class EuiccMemoryResetResult
    {
        public const int Ok = 0;
        public const int NothingToDelete = 1;
        public const int CatBusy = 5;
        public const int UndefinedError = 127;

        public static string Name(int code)
        {
            switch (code)
            {
                case Ok: return "ok";
                case NothingToDelete: return "nothingToDelete";
                case CatBusy: return "catBusy";
                case UndefinedError: return "undefinedError";
                default: return Codes.Unknown(code);
            }
        }
    }

    /// <summary>Single-INTEGER error alternatives of list-type responses and ES10a.</summary>
    public static class ListErrorCode
    {
        /// <summary>ProfileInfoListError.</summary>
        public const int IncorrectInputValues = 1;
        /// <summary>notificationsListResultError.</summary>
        public const int NoResultAvailable = 1;
        public const int UndefinedError = 127;

        public static string Name(int code)
        {
            switch (code)
            {
                case 1: return "incorrectInputValues/noResultAvailable";
                case UndefinedError: return "undefinedError";
                default: return Codes.Unknown(code);
            }
        }
    }

    /// <summary>SetDefaultDpAddressResponse.setDefaultDpAddressResult.</summary>
    public static class SetDefaultDpAddressResult
    {
        public const int Ok = 0;
        public const int UndefinedError = 127;

        public static string Name(int code)
        {
            return code == Ok ? "ok" : code == UndefinedError ? "undefinedError" : Codes.Unknown(code);
        }
    }

    /// <summary>Profile state, class and icon type values of ProfileInfo / StoreMetadata.</summary>
    public static class ProfileValues
    {
        public const int StateDisabled = 0;
        public const int StateEnabled = 1;
        public const int ClassTest = 0;
        public const int ClassProvisioning = 1;
        public const int ClassOperational = 2;
        public const int IconJpg = 0;
        public const int IconPng = 1;

        public static string ClassName(int c)
        {
            switch (c)
            {
                case ClassTest: return "test";
                case ClassProvisioning: return "provisioning";
                case ClassOperational: return "operational";
                default: return Codes.Unknown(c);
            }
        }

        public static string StateName(int s)
        {
            return s == StateDisabled ? "disabled" : s == StateEnabled ? "enabled" : Codes.Unknown(s);
        }
    }

    internal static class Codes
    {
        internal static string Unknown(int code) { return "code " + code.ToString(); }
    }
}

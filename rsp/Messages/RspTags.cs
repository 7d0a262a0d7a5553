namespace IotEsim.Rsp.Messages
{
    /// <summary>
    /// Every RSP tag used by IotEsim, as the integer value of its encoded bytes (SGP.22 v2.5 §5.6/§5.7
    /// ES10a/b/c, §5.5 ES8+, SGP.32 v1.2 §5.9/§6.3). Where one tag has several roles (request and
    /// response of one function, or the same number in different contexts) the roles share the constant.
    /// </summary>
    public static class RspTags
    {
        // ---- ES10a ----
        public const int EuiccConfiguredAddresses = 0xBF3C;
        public const int SetDefaultDpAddress = 0xBF3F;

        // ---- ES10b ----
        public const int EuiccInfo1 = 0xBF20;               // GetEuiccInfo1Request / EUICCInfo1
        public const int PrepareDownload = 0xBF21;
        public const int EuiccInfo2 = 0xBF22;               // GetEuiccInfo2Request / EUICCInfo2
        public const int ProfileInstallationResultData = 0xBF27;
        public const int ListNotification = 0xBF28;
        public const int RetrieveNotificationsList = 0xBF2B;
        public const int GetEuiccChallenge = 0xBF2E;
        public const int NotificationMetadata = 0xBF2F;
        public const int RemoveNotificationFromList = 0xBF30;
        public const int LoadCrl = 0xBF35;
        public const int BoundProfilePackage = 0xBF36;      // LoadBoundProfilePackage
        public const int ProfileInstallationResult = 0xBF37;
        public const int AuthenticateServer = 0xBF38;
        public const int CancelSession = 0xBF41;
        public const int LpaeActivation = 0xBF42;           // SGP.32: IpaeActivation
        public const int GetRat = 0xBF43;

        // ---- ES10c ----
        public const int ProfileInfoList = 0xBF2D;          // GetProfilesInfo
        public const int SetNickname = 0xBF29;
        public const int EnableProfile = 0xBF31;
        public const int DisableProfile = 0xBF32;
        public const int DeleteProfile = 0xBF33;
        public const int EuiccMemoryReset = 0xBF34;
        public const int GetEuiccData = 0xBF3E;             // GetEID

        // ---- ES8+ (inside the BPP) ----
        public const int InitialiseSecureChannel = 0xBF23;
        public const int ConfigureIsdp = 0xBF24;
        public const int StoreMetadata = 0xBF25;
        public const int ReplaceSessionKeys = 0xBF26;
        public const int UpdateMetadata = 0xBF2A;
        public const int BppFirstSequenceOf87 = 0xA0;
        public const int BppSequenceOf88 = 0xA1;
        public const int BppSecondSequenceOf87 = 0xA2;
        public const int BppSequenceOf86 = 0xA3;
        public const int BspEncryptedAndMac = 0x87;          // ConfigureISDP / ReplaceSessionKeys segments
        public const int BspMacOnly = 0x88;                  // StoreMetadata segments
        public const int BspProfileSegment = 0x86;           // protected UPP segments
        public const int ControlReferenceTemplate = 0xA6;
        public const int RemoteOpId = 0x82;

        // ---- ES9+ / ES11 messages (ASN.1 binding) ----
        public const int InitiateAuthentication = 0xBF39;
        public const int GetBoundProfilePackage = 0xBF3A;
        public const int AuthenticateClient = 0xBF3B;
        public const int HandleNotification = 0xBF3D;
        public const int EventEntries = 0xBF40;

        // ---- common data objects ----
        public const int Signature = 0x5F37;                 // [APPLICATION 55]
        public const int OneTimePublicKey = 0x5F49;          // [APPLICATION 73] euiccOtpk / smdpOtpk / bppEuiccOtpk
        public const int Iccid = 0x5A;                       // [APPLICATION 26], also eidValue
        public const int Eid = 0x5A;
        public const int IsdpAid = 0x4F;                     // [APPLICATION 15]
        public const int TagList = 0x5C;                     // [APPLICATION 28]
        public const int ProfileInfo = 0xE3;                 // [PRIVATE 3]
        public const int ProfileState = 0x9F70;              // [112]
        public const int ProfileNickname = 0x90;
        public const int ServiceProviderName = 0x91;
        public const int ProfileName = 0x92;
        public const int IconType = 0x93;
        public const int Icon = 0x94;
        public const int ProfileClass = 0x95;
        public const int NotificationConfigurationInfo = 0xB6;
        public const int ProfileOwner = 0xB7;
        public const int DpProprietaryData = 0xB8;
        public const int ProfilePolicyRules = 0x99;
        public const int SearchCriteria = 0xA0;

        // ---- SGP.32 v1.0 / v1.2 (ES10b additions, ESipa) ----
        public const int EuiccPackage = 0xBF51;              // EuiccPackageRequest / EuiccPackageResult
        public const int IpaEuiccData = 0xBF52;
        public const int EimAcknowledgements = 0xBF53;
        public const int ProfileDownloadTrigger = 0xBF54;
        public const int GetEimConfigurationData = 0xBF55;
        public const int GetCerts = 0xBF56;
        public const int AddInitialEim = 0xBF57;
        public const int ProfileRollback = 0xBF58;
        public const int ConfigureImmediateProfileEnabling = 0xBF59; // v1.0 ConfigureAutoProfileEnabling
        public const int ImmediateEnable = 0xBF5A;            // v1.0 EnableUsingDD
        public const int EnableEmergencyProfile = 0xBF5B;
        public const int DisableEmergencyProfile = 0xBF5C;
        public const int ExecuteFallbackMechanism = 0xBF5D;
        public const int ReturnFromFallback = 0xBF5E;
        public const int GetConnectivityParameters = 0xBF5F;
        public const int IpaeActivation = 0xBF42;
        public const int Sgp32EuiccMemoryReset = 0xBF64;     // v1.2; v1.0 used BF34
        public const int Sgp32SetDefaultDpAddress = 0xBF65;   // PSMO
        public const int InitiateAuthenticationEsipa = 0xBF39;
        public const int GetBoundProfilePackageEsipa = 0xBF3A;
        public const int AuthenticateClientEsipa = 0xBF3B;
        public const int HandleNotificationEsipa = 0xBF3D;
        public const int CancelSessionEsipa = 0xBF41;
        public const int TransferEimPackage = 0xBF4E;
        public const int GetEimPackage = 0xBF4F;
        public const int ProvideEimPackageResult = 0xBF50;
        public const int IpaMode = 0x90;                      // EUICCInfo2 [16]
        public const int IotSpecificInfo = 0xB4;              // EUICCInfo2 [20] (digest 9.3)

        /// <summary>Spec name of a top-level ES10/ES8+/ESipa tag for traces; the hex form otherwise.</summary>
        public static string Name(int tag)
        {
            switch (tag)
            {
                case EuiccConfiguredAddresses: return "EuiccConfiguredAddresses";
                case SetDefaultDpAddress: return "SetDefaultDpAddress";
                case EuiccInfo1: return "EUICCInfo1";
                case PrepareDownload: return "PrepareDownload";
                case EuiccInfo2: return "EUICCInfo2";
                case InitialiseSecureChannel: return "InitialiseSecureChannel";
                case ConfigureIsdp: return "ConfigureISDP";
                case StoreMetadata: return "StoreMetadata";
                case ReplaceSessionKeys: return "ReplaceSessionKeys";
                case ProfileInstallationResultData: return "ProfileInstallationResultData";
                case ListNotification: return "ListNotification";
                case SetNickname: return "SetNickname";
                case UpdateMetadata: return "UpdateMetadata";
                case RetrieveNotificationsList: return "RetrieveNotificationsList";
                case ProfileInfoList: return "ProfileInfoList";
                case GetEuiccChallenge: return "GetEuiccChallenge";
                case NotificationMetadata: return "NotificationMetadata";
                case RemoveNotificationFromList: return "RemoveNotificationFromList";
                case EnableProfile: return "EnableProfile";
                case DisableProfile: return "DisableProfile";
                case DeleteProfile: return "DeleteProfile";
                case EuiccMemoryReset: return "EuiccMemoryReset";
                case LoadCrl: return "LoadCRL";
                case BoundProfilePackage: return "BoundProfilePackage";
                case ProfileInstallationResult: return "ProfileInstallationResult";
                case AuthenticateServer: return "AuthenticateServer";
                case InitiateAuthentication: return "InitiateAuthentication";
                case GetBoundProfilePackage: return "GetBoundProfilePackage";
                case AuthenticateClient: return "AuthenticateClient";
                case HandleNotification: return "HandleNotification";
                case GetEuiccData: return "GetEuiccData";
                case EventEntries: return "EventEntries";
                case CancelSession: return "CancelSession";
                case LpaeActivation: return "LpaeActivation";
                case GetRat: return "GetRAT";
                case TransferEimPackage: return "TransferEimPackage";
                case GetEimPackage: return "GetEimPackage";
                case ProvideEimPackageResult: return "ProvideEimPackageResult";
                case EuiccPackage: return "EuiccPackage";
                case IpaEuiccData: return "IpaEuiccData";
                case EimAcknowledgements: return "EimAcknowledgements";
                case ProfileDownloadTrigger: return "ProfileDownloadTrigger";
                case GetEimConfigurationData: return "GetEimConfigurationData";
                case GetCerts: return "GetCerts";
                case AddInitialEim: return "AddInitialEim";
                case ProfileRollback: return "ProfileRollback";
                case ConfigureImmediateProfileEnabling: return "ConfigureImmediateProfileEnabling";
                case ImmediateEnable: return "ImmediateEnable";
                case EnableEmergencyProfile: return "EnableEmergencyProfile";
                case DisableEmergencyProfile: return "DisableEmergencyProfile";
                case ExecuteFallbackMechanism: return "ExecuteFallbackMechanism";
                case ReturnFromFallback: return "ReturnFromFallback";
                case GetConnectivityParameters: return "GetConnectivityParameters";
                case Sgp32EuiccMemoryReset: return "EuiccMemoryReset(SGP.32)";
                case Sgp32SetDefaultDpAddress: return "SetDefaultDpAddress(PSMO)";
                case ProfileInfo: return "ProfileInfo";
                case Signature: return "Signature";
                case OneTimePublicKey: return "OneTimePublicKey";
                default: return IotEsim.Rsp.Asn1.Tags.Name(tag);
            }
        }
    }
}

namespace IotEsim.Rsp.Messages.Sgp32
{
    /// <summary>Tags of the SGP.32 (v1.0 / v1.2) ES10b additions and of ESipa that this area needs.
    /// Values are the encoded tag bytes, as in <c>RspTags</c> (SGP.32 §2.11, §5.9, §6.3).</summary>
    public static class Sgp32Tags
    {
        // ES10b / eIM packages
        public const int EuiccPackage = 0xBF51;            // EuiccPackageRequest / EuiccPackageResult
        public const int IpaEuiccData = 0xBF52;            // IpaEuiccDataRequest / Response
        public const int EimAcknowledgements = 0xBF53;
        public const int ProfileDownloadTrigger = 0xBF54;  // request / result
        public const int GetEimConfigurationData = 0xBF55;
        public const int GetCerts = 0xBF56;
        public const int AddInitialEim = 0xBF57;
        public const int ProfileRollback = 0xBF58;
        public const int ConfigureImmediateProfileEnabling = 0xBF59; // v1.0 ConfigureAutoProfileEnabling
        public const int ImmediateEnable = 0xBF5A;          // v1.0 EnableUsingDD
        public const int EnableEmergencyProfile = 0xBF5B;
        public const int DisableEmergencyProfile = 0xBF5C;
        public const int ExecuteFallbackMechanism = 0xBF5D;
        public const int ReturnFromFallback = 0xBF5E;
        public const int GetConnectivityParameters = 0xBF5F;
        public const int IpaeActivation = 0xBF42;
        public const int EuiccMemoryResetV12 = 0xBF64;
        public const int EuiccMemoryResetV10 = 0xBF34;
        public const int SetDefaultDpAddress = 0xBF65;
        public const int IotSpecificInfo = 0xB4;
        public const int IpaMode = 0x90;

        // SGP.22 structures carried inside SGP.32 ones
        public const int EuiccInfo1 = 0xBF20;
        public const int EuiccInfo2 = 0xBF22;
        public const int ProfileInfoList = 0xBF2D;
        public const int RetrieveNotificationsList = 0xBF2B;
        public const int ProfileInstallationResult = 0xBF37;
        public const int StoreMetadataRequest = 0xBF25;
        public const int BoundProfilePackage = 0xBF36;
        public const int AuthenticateServer = 0xBF38;
        public const int PrepareDownload = 0xBF21;
        public const int Eid = 0x5A;       // eidValue / iccid [APPLICATION 26]
        public const int Signature = 0x5F37;
        public const int TagList = 0x5C;

        // ESipa messages (SGP.32 §6.3.1)
        public const int InitiateAuthenticationEsipa = 0xBF39;
        public const int AuthenticateClientEsipa = 0xBF3B;
        public const int GetBoundProfilePackageEsipa = 0xBF3A;
        public const int CancelSessionEsipa = 0xBF41;
        public const int HandleNotificationEsipa = 0xBF3D;
        public const int TransferEimPackage = 0xBF4E;
        public const int GetEimPackage = 0xBF4F;
        public const int ProvideEimPackageResult = 0xBF50;

        // PSMO alternatives (SGP.32 §2.11.1.1.3)
        public const int PsmoEnable = 0xA3;
        public const int PsmoDisable = 0xA4;
        public const int PsmoDelete = 0xA5;
        public const int PsmoListProfileInfo = 0xBF2D;
        public const int PsmoGetRat = 0xA6;
        public const int PsmoConfigureImmediateEnable = 0xA7;
        public const int PsmoSetFallbackAttribute = 0xA8;
        public const int PsmoUnsetFallbackAttribute = 0xA9;
        public const int PsmoSetDefaultDpAddress = 0xBF65;

        // eCO alternatives (SGP.32 §2.11.1.1.2)
        public const int EcoAddEim = 0xA8;
        public const int EcoDeleteEim = 0xA9;
        public const int EcoUpdateEim = 0xAA;
        public const int EcoListEim = 0xAB;
    }
}

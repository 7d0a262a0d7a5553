namespace IotEsim.Rsp.Messages.Sgp32
{
    /// <summary>SGP.32 tags that <see cref="RspTags"/> does not list: the alternatives of the Psmo and Eco
    /// CHOICEs (SGP.32 §2.11.1.1.2-3). Message tags come from <see cref="RspTags"/>.</summary>
    public static class Sgp32Tags
    {
        // PSMO alternatives
        public const int PsmoEnable = 0xA3;
        public const int PsmoDisable = 0xA4;
        public const int PsmoDelete = 0xA5;
        public const int PsmoListProfileInfo = RspTags.ProfileInfoList;
        public const int PsmoGetRat = 0xA6;
        public const int PsmoConfigureImmediateEnable = 0xA7;
        public const int PsmoSetFallbackAttribute = 0xA8;
        public const int PsmoUnsetFallbackAttribute = 0xA9;
        public const int PsmoSetDefaultDpAddress = RspTags.Sgp32SetDefaultDpAddress;

        // eCO alternatives
        public const int EcoAddEim = 0xA8;
        public const int EcoDeleteEim = 0xA9;
        public const int EcoUpdateEim = 0xAA;
        public const int EcoListEim = 0xAB;
    }
}

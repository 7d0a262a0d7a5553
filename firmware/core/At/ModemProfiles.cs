using System;

namespace IotEsim.Firmware.At
{
    /// <summary>
    /// Built-in modem dialects. Facts come from public vendor AT manuals and lpac's AT driver issues;
    /// what could not be confirmed from a public source is marked "unverified" in <see cref="ModemProfile.Notes"/>
    /// and in hardware/README.md. Values can be overridden per device in the config file.
    /// </summary>
    public static class ModemProfiles
    {
        public const string Sim7080G = "sim7080g";
        public const string Bg95 = "bg95";
        public const string SaraR5 = "sara-r5";
        public const string Nrf9160Slm = "nrf9160-slm";
        public const string Generic = "generic-27007";

        public static readonly string[] Names = new string[] { Sim7080G, Bg95, SaraR5, Nrf9160Slm, Generic };

        /// <summary>The profile called <paramref name="name"/> (case-insensitive), or null.</summary>
        public static ModemProfile Find(string name)
        {
            if (name == null) return null;
            string n = name.Trim().ToLower();
            if (n == Sim7080G) return CreateSim7080G();
            if (n == Bg95) return CreateBg95();
            if (n == SaraR5) return CreateSaraR5();
            if (n == Nrf9160Slm) return CreateNrf9160Slm();
            if (n == Generic) return CreateGeneric();
            return null;
        }

        /// <summary>SIMCom SIM7080G (Cat-M/NB-IoT). AT+CSIM and AT+CCHO/CGLA/CCHC are listed in the SIM7070/SIM7080/SIM7090
        /// AT command manual; SIMCom firmware is known to answer "+CGLA:" without a blank (A7908E, lpac PR 238).</summary>
        public static ModemProfile CreateSim7080G()
        {
            var p = new ModemProfile();
            p.Name = Sim7080G;
            p.Vendor = "SIMCom";
            p.ApduPath = ModemProfile.PathCgla;
            p.NoSpaceAfterColon = true;
            p.CchoReturnsChannel = true;
            p.SimRefresh = ModemProfile.RefreshCfun01;
            p.Baud = 115200;
            p.Notes = "CGLA path; no blank after colon taken from SIMCom A7908E (lpac PR 238), unverified on SIM7080G; session id = channel unverified.";
            return p;
        }

        /// <summary>Quectel BG95 (Cat-M/NB-IoT). The BG95/BG77 AT manual documents AT+CSIM (27.007 8.17) and AT+CFUN=1,1 (reset);
        /// logical-channel commands are not relied on.</summary>
        public static ModemProfile CreateBg95()
        {
            var p = new ModemProfile();
            p.Name = Bg95;
            p.Vendor = "Quectel";
            p.ApduPath = ModemProfile.PathCsim;
            p.SimRefresh = ModemProfile.RefreshCfunReset;
            p.Baud = 115200;
            p.RefreshTimeoutMs = 40000;
            p.Notes = "CSIM path (MANAGE CHANNEL inside AT+CSIM); on Quectel EG25 APDUs on logical channels through AT+CSIM were reported to fail (lpac issue 164) - verify on BG95.";
            return p;
        }

        /// <summary>u-blox SARA-R5 (Cat-M/NB-IoT). The SARA-R5 AT manual (UBX-19047455) lists +CSIM, +CCHO, +CCHC, +CGLA;
        /// AT+CFUN=16 resets the MT and the SIM.</summary>
        public static ModemProfile CreateSaraR5()
        {
            var p = new ModemProfile();
            p.Name = SaraR5;
            p.Vendor = "u-blox";
            p.ApduPath = ModemProfile.PathCgla;
            p.SimRefresh = ModemProfile.RefreshCommand;
            p.SimRefreshCommands = new string[] { "AT+CFUN=16" };
            p.Baud = 115200;
            p.Notes = "CGLA path; refresh with AT+CFUN=16 (MT and SIM reset); quirks none known, unverified on hardware.";
            return p;
        }

        /// <summary>Nordic nRF9160 running the nRF Connect SDK serial modem application (SLM). Its AT+CSIM is documented
        /// (example AT+CSIM=10,"0070000001" answers +CSIM: 6,"019000"); +CCHO/+CGLA/+CCHC exist from modem firmware
        /// 1.3 but are marked "for testing purposes only", so the CSIM path is used. AT+CFUN=40/41 deactivate/activate the UICC.</summary>
        public static ModemProfile CreateNrf9160Slm()
        {
            var p = new ModemProfile();
            p.Name = Nrf9160Slm;
            p.Vendor = "Nordic";
            p.ApduPath = ModemProfile.PathCsim;
            p.SimRefresh = ModemProfile.RefreshCommand;
            p.SimRefreshCommands = new string[] { "AT+CFUN=40", "AT+CFUN=41" };
            p.Baud = 115200;
            p.Notes = "CSIM path (documented); CFUN=40/41 UICC off/on; SLM UART buffer size is an SDK build option - check it holds a 540-char line.";
            return p;
        }

        /// <summary>A modem that follows 27.007 to the letter (bare +CCHO answer, quoted hex, blank after colon).</summary>
        public static ModemProfile CreateGeneric()
        {
            var p = new ModemProfile();
            p.Name = Generic;
            p.Vendor = "any";
            p.ApduPath = ModemProfile.PathCgla;
            p.Notes = "3GPP TS 27.007 8.17, 8.43, 8.45, 8.46 as written.";
            return p;
        }
    }
}

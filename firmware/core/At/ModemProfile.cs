using System;

namespace IotEsim.Firmware.At
{
    /// <summary>
    /// The AT dialect of one cellular modem: how APDUs reach the eUICC and which deviations from
    /// 3GPP TS 27.007 its firmware is known for. Built-in profiles are in <see cref="ModemProfiles"/>;
    /// hardware/*.json carries the same values per board.
    /// </summary>
    public class ModemProfile
    {
        /// <summary>APDUs through AT+CSIM on the basic channel; logical channels opened with MANAGE CHANNEL inside CSIM.</summary>
        public const string PathCsim = "csim";
        /// <summary>APDUs through AT+CCHO / AT+CGLA / AT+CCHC (27.007 8.45, 8.43, 8.46).</summary>
        public const string PathCgla = "cgla";

        /// <summary>AT+CFUN=0 then AT+CFUN=1 (radio and SIM off, on).</summary>
        public const string RefreshCfun01 = "cfun0-1";
        /// <summary>AT+CFUN=1,1 (restart the modem, which re-reads the SIM).</summary>
        public const string RefreshCfunReset = "cfun1-1";
        /// <summary>Vendor SIM power-cycle command(s) in <see cref="SimRefreshCommands"/>.</summary>
        public const string RefreshCommand = "command";

        public string Name;
        public string Vendor;

        /// <summary><see cref="PathCsim"/> or <see cref="PathCgla"/>.</summary>
        public string ApduPath = PathCgla;

        /// <summary>Information responses come without "+CSIM:"/"+CGLA:" (seen on Fibocom FM350-GL, lpac issue 179).</summary>
        public bool ResponsePrefixMissing;

        /// <summary>"+CGLA:4,..." instead of "+CGLA: 4,..." (seen on SIMCom A7908E, lpac PR 238). The parser accepts both;
        /// the flag documents the dialect and drives the simulator.</summary>
        public bool NoSpaceAfterColon;

        /// <summary>True: the +CCHO session id is the logical channel number the card assigned (what lpac assumed).
        /// False: an opaque handle (Sierra MC7455 answers "+CCHO: 00000000038aa32f", lpac PR 139); the transport then
        /// numbers channels itself from 1 in opening order.</summary>
        public bool CchoReturnsChannel = true;

        /// <summary>Hex arguments are sent in double quotes (27.007 string type). Responses are parsed quoted or not.</summary>
        public bool QuotedHex = true;

        /// <summary>Longest command APDU in bytes the modem takes in one AT+CSIM/AT+CGLA (the IPA sizes STORE DATA by it).</summary>
        public int MaxApduBytes = 261;

        /// <summary>With <see cref="PathCgla"/>: send basic-channel (CLA channel 0) APDUs through AT+CSIM instead of failing.</summary>
        public bool CsimOnBasicChannel = true;

        /// <summary><see cref="RefreshCfun01"/>, <see cref="RefreshCfunReset"/> or <see cref="RefreshCommand"/>.</summary>
        public string SimRefresh = RefreshCfun01;

        /// <summary>Commands for <see cref="RefreshCommand"/>, sent in order.</summary>
        public string[] SimRefreshCommands;

        /// <summary>Sent once after the modem answers "AT": echo off (halves the UART traffic), numeric +CME errors.</summary>
        public string[] InitCommands = new string[] { "ATE0", "AT+CMEE=1" };

        public int Baud = 115200;

        /// <summary>Plain AT commands.</summary>
        public int AtTimeoutMs = 3000;

        /// <summary>One APDU exchange. eUICC operations (profile installation from a BPP segment, key generation,
        /// signatures) take seconds; lpac's AT docs warn that a 300 ms response time is not enough.</summary>
        public int ApduTimeoutMs = 30000;

        /// <summary>SIM refresh until +CPIN: READY.</summary>
        public int RefreshTimeoutMs = 30000;

        /// <summary>Power-on to first "AT" answer.</summary>
        public int BootTimeoutMs = 10000;

        /// <summary>Sources and caveats, one short sentence each.</summary>
        public string Notes;

        public bool UsesCgla
        {
            get { return ApduPath == PathCgla; }
        }

        /// <summary>Prefix the modem uses for the information response of command "+CSIM" etc.</summary>
        public string InfoPrefix(string command)
        {
            return command + ":";
        }
    }
}

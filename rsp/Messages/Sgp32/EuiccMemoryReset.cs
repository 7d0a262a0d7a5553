using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Messages.Sgp32
{
    /// <summary>
    /// SGP.32 eUICCMemoryReset (§5.9.5; docs digest 9.4). v1.2: <c>BF64 {82 resetOptions}</c> ->
    /// <c>BF64 {80 resetResult, [81 resetEimResult], [82 resetImmediateEnableConfigResult]}</c>.
    /// v1.0 used SGP.22's tag: <c>BF34 {82 ..}</c> -> <c>BF34 {02 resetResult, [81], [82]}</c>, with
    /// different bit numbers (resetEimConfigData 3, resetAutoEnableConfig 4). Responses of both are decoded.
    /// </summary>
    public sealed class EuiccMemoryReset
    {
        // v1.2 resetOptions bits
        public const int DeleteOperationalProfiles = 0;
        public const int DeleteFieldLoadedTestProfiles = 1;
        public const int ResetDefaultSmdpAddress = 2;
        public const int DeletePreLoadedTestProfiles = 3;
        public const int DeleteProvisioningProfiles = 4;
        public const int ResetEimConfigData = 5;
        public const int ResetImmediateEnableConfig = 6;
        // v1.0 resetOptions bits that differ
        public const int V10ResetEimConfigData = 3;
        public const int V10ResetAutoEnableConfig = 4;

        // resetResult
        public const int Ok = 0;
        public const int NothingToDelete = 1;
        public const int CatBusy = 5;
        public const int EcallActive = 104;
        public const int UndefinedError = 127;
        // resetEimResult
        public const int EimResetNotSupported = 2;

        public Sgp32Version Version = Sgp32Version.V1_2;
        public int ResetResult;
        /// <summary>-1 when absent.</summary>
        public int ResetEimResult = -1;
        /// <summary>resetImmediateEnableConfigResult (v1.0 resetAutoEnableConfigResult); -1 when absent.</summary>
        public int ResetImmediateEnableConfigResult = -1;

        /// <summary>Request with the given option bits (bit numbers as in the chosen version).</summary>
        public static byte[] EncodeRequest(int[] optionBits, Sgp32Version version)
        {
            int mask = 0;
            int highest = -1;
            for (int i = 0; i < optionBits.Length; i++) { mask |= 1 << optionBits[i]; if (optionBits[i] > highest) highest = optionBits[i]; }
            byte[] bits;
            if (highest < 0) bits = new byte[] { 0 };
            else bits = new byte[] { (byte)(7 - highest), (byte)(BitReverse(mask)) };
            var w = new TlvWriter(8);
            w.Begin(version == Sgp32Version.V1_0 ? RspTags.EuiccMemoryReset : RspTags.Sgp32EuiccMemoryReset);
            w.Write(0x82, bits);
            w.End();
            return w.ToArray();
        }

        /// <summary>Decodes either request form; returns the option bit mask (bit n = option n).</summary>
        public static int DecodeRequest(byte[] data, out Sgp32Version version)
        {
            var t = Sgp32Der.Parse(data, 0);
            if (t.Tag == RspTags.Sgp32EuiccMemoryReset) version = Sgp32Version.V1_2;
            else if (t.Tag == RspTags.EuiccMemoryReset) version = Sgp32Version.V1_0;
            else throw Sgp32Der.Unexpected(t, "eUICCMemoryReset");
            var b = t.Require(0x82);
            if (b.Length == 0) throw new DerException(DerError.InvalidValue, b.ValueOffset, "empty BIT STRING");
            if (b.Length == 1) return 0;
            return BitReverse(b.Buffer[b.ValueOffset + 1]);
        }

        private static int BitReverse(int b)
        {
            int r = 0;
            for (int i = 0; i < 8; i++) if ((b & (1 << i)) != 0) r |= 0x80 >> i;
            return r;
        }

        public byte[] EncodeResponse()
        {
            var w = new TlvWriter(16);
            bool v10 = Version == Sgp32Version.V1_0;
            w.Begin(v10 ? RspTags.EuiccMemoryReset : RspTags.Sgp32EuiccMemoryReset);
            w.WriteInteger(v10 ? Tags.Integer : 0x80, ResetResult);
            if (ResetEimResult >= 0) w.WriteInteger(0x81, ResetEimResult);
            if (ResetImmediateEnableConfigResult >= 0) w.WriteInteger(0x82, ResetImmediateEnableConfigResult);
            w.End();
            return w.ToArray();
        }

        public static EuiccMemoryReset DecodeResponse(byte[] data)
        {
            var t = Sgp32Der.Parse(data, 0);
            var m = new EuiccMemoryReset();
            Tlv first;
            if (t.Tag == RspTags.Sgp32EuiccMemoryReset) { m.Version = Sgp32Version.V1_2; first = t.Require(0x80); }
            else if (t.Tag == RspTags.EuiccMemoryReset)
            {
                m.Version = Sgp32Version.V1_0;
                // SGP.22 answers BF34 {80 result}; SGP.32 v1.0 BF34 {02 result}: accept both.
                first = t.Find(Tags.Integer);
                if (first == null) first = t.Require(0x80);
            }
            else throw Sgp32Der.Unexpected(t, "eUICCMemoryResetResponse");
            m.ResetResult = first.AsInt();
            var x = t.Find(0x81); if (x != null) m.ResetEimResult = x.AsInt();
            x = t.Find(0x82); if (x != null) m.ResetImmediateEnableConfigResult = x.AsInt();
            return m;
        }
    }
}

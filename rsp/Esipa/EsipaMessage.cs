using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Esipa
{
    /// <summary>Which ESipa message a decoded object is (SGP.32 §6.3.1; the tag alone is ambiguous because
    /// BF39/BF3B/BF3A/BF41/BF4E/BF4F/BF50 mean different types in the two directions).</summary>
    public static class EsipaKind
    {
        // IPA -> eIM
        public const int InitiateAuthenticationRequest = 1;
        public const int AuthenticateClientRequest = 2;
        public const int GetBoundProfilePackageRequest = 3;
        public const int CancelSessionRequest = 4;
        public const int HandleNotification = 5;
        public const int TransferEimPackageResponse = 6;
        public const int GetEimPackageRequest = 7;
        public const int ProvideEimPackageResult = 8;
        // eIM -> IPA
        public const int InitiateAuthenticationResponse = 11;
        public const int AuthenticateClientResponse = 12;
        public const int GetBoundProfilePackageResponse = 13;
        public const int CancelSessionResponse = 14;
        public const int TransferEimPackageRequest = 15;
        public const int GetEimPackageResponse = 16;
        public const int ProvideEimPackageResultResponse = 17;

        public static string Name(int kind)
        {
            switch (kind)
            {
                case InitiateAuthenticationRequest: return "InitiateAuthenticationRequestEsipa";
                case AuthenticateClientRequest: return "AuthenticateClientRequestEsipa";
                case GetBoundProfilePackageRequest: return "GetBoundProfilePackageRequestEsipa";
                case CancelSessionRequest: return "CancelSessionRequestEsipa";
                case HandleNotification: return "HandleNotificationEsipa";
                case TransferEimPackageResponse: return "TransferEimPackageResponse";
                case GetEimPackageRequest: return "GetEimPackageRequest";
                case ProvideEimPackageResult: return "ProvideEimPackageResult";
                case InitiateAuthenticationResponse: return "InitiateAuthenticationResponseEsipa";
                case AuthenticateClientResponse: return "AuthenticateClientResponseEsipa";
                case GetBoundProfilePackageResponse: return "GetBoundProfilePackageResponseEsipa";
                case CancelSessionResponse: return "CancelSessionResponseEsipa";
                case TransferEimPackageRequest: return "TransferEimPackageRequest";
                case GetEimPackageResponse: return "GetEimPackageResponse";
                case ProvideEimPackageResultResponse: return "ProvideEimPackageResultResponse";
                default: return "kind " + kind.ToString();
            }
        }
    }

    /// <summary>
    /// Base of the ESipa messages. <see cref="Version"/> is what the decoder recognised (or the assumed
    /// version when the bytes are valid in both v1.0 and v1.2); <see cref="Encode()"/> writes that
    /// version, <see cref="Encode(Sgp32Version)"/> any other. New objects encode v1.2.
    /// </summary>
    public abstract class EsipaMessage
    {
        public Sgp32Version Version = Sgp32Version.V1_2;

        public abstract int Kind { get; }

        public abstract void WriteTo(TlvWriter w, Sgp32Version version);

        public byte[] Encode() { return Encode(Version); }

        public byte[] Encode(Sgp32Version version)
        {
            var w = new TlvWriter(512);
            WriteTo(w, version);
            return w.ToArray();
        }

        public override string ToString() { return EsipaKind.Name(Kind); }

        /// <summary>
        /// Most ESipa responses are <c>{okTag {...} | errorTag INTEGER}</c>: returns the ok alternative, or null
        /// with <paramref name="errorCode"/> set (-1 on the ok path). Any other alternative is a DerException.
        /// </summary>
        protected static Tlv OkOrError(Tlv t, int okTag, int errorTag, out int errorCode)
        {
            var c = Sgp32Der.Single(t);
            if (c.Tag == errorTag) { errorCode = c.AsInt(); return null; }
            errorCode = -1;
            return c.Expect(okTag);
        }
    }

    /// <summary>
    /// Decode entry points for the two untagged CHOICEs EsipaMessageFromIpaToEim and
    /// EsipaMessageFromEimToIpa (SGP.32 §6.3.1). Input must be one DER TLV; anything malformed is a
    /// <see cref="DerException"/>.
    /// </summary>
    public static class EsipaCodec
    {
        public static EsipaMessage DecodeFromIpa(byte[] body) { return DecodeFromIpa(body, Sgp32Version.V1_2); }

        /// <param name="assumed">version recorded when the bytes are valid in both versions.</param>
        public static EsipaMessage DecodeFromIpa(byte[] body, Sgp32Version assumed)
        {
            var t = Sgp32Der.Parse(body, 0);
            switch (t.Tag)
            {
                case RspTags.InitiateAuthenticationEsipa: return InitiateAuthenticationRequestEsipa.Decode(t, assumed);
                case RspTags.AuthenticateClientEsipa: return AuthenticateClientRequestEsipa.Decode(t, assumed);
                case RspTags.GetBoundProfilePackageEsipa: return GetBoundProfilePackageRequestEsipa.Decode(t, assumed);
                case RspTags.CancelSessionEsipa: return CancelSessionRequestEsipa.Decode(t, assumed);
                case RspTags.HandleNotificationEsipa: return HandleNotificationEsipa.Decode(t, assumed);
                case RspTags.TransferEimPackage: return TransferEimPackageResponse.Decode(t, assumed);
                case RspTags.GetEimPackage: return GetEimPackageRequest.Decode(t, assumed);
                case RspTags.ProvideEimPackageResult: return ProvideEimPackageResult.Decode(t, assumed);
                default: throw Sgp32Der.Unexpected(t, "EsipaMessageFromIpaToEim");
            }
        }

        public static EsipaMessage DecodeFromEim(byte[] body) { return DecodeFromEim(body, Sgp32Version.V1_2); }

        public static EsipaMessage DecodeFromEim(byte[] body, Sgp32Version assumed)
        {
            var t = Sgp32Der.Parse(body, 0);
            switch (t.Tag)
            {
                case RspTags.InitiateAuthenticationEsipa: return InitiateAuthenticationResponseEsipa.Decode(t, assumed);
                case RspTags.AuthenticateClientEsipa: return AuthenticateClientResponseEsipa.Decode(t, assumed);
                case RspTags.GetBoundProfilePackageEsipa: return GetBoundProfilePackageResponseEsipa.Decode(t, assumed);
                case RspTags.CancelSessionEsipa: return CancelSessionResponseEsipa.Decode(t, assumed);
                case RspTags.TransferEimPackage: return TransferEimPackageRequest.Decode(t, assumed);
                case RspTags.GetEimPackage: return GetEimPackageResponse.Decode(t, assumed);
                case RspTags.ProvideEimPackageResult: return ProvideEimPackageResultResponse.Decode(t, assumed);
                default: throw Sgp32Der.Unexpected(t, "EsipaMessageFromEimToIpa");
            }
        }
    }

    /// <summary>
    /// The captured onomondo-eim v0.0.2 copies ES9+ JSON values into ESipa fields with their TLV still
    /// around them: serverSignature1 / smdpSignature2 arrive as <c>5F37 43 5F37 40 &lt;64&gt;</c> and
    /// euiccCiPKIdToBeUsed as <c>04 16 04 14 &lt;20&gt;</c>. Models keep the received value (so
    /// re-encoding is byte-exact) and strip the inner envelope through this helper.
    /// </summary>
    public static class EsipaEnvelope
    {
        /// <summary>If <paramref name="value"/> is exactly one TLV with <paramref name="innerTag"/>, its value; otherwise <paramref name="value"/>.</summary>
        public static byte[] Strip(byte[] value, int innerTag)
        {
            if (!IsDoubled(value, innerTag)) return value;
            return TlvReader.Parse(value).Value();
        }

        public static bool IsDoubled(byte[] value, int innerTag)
        {
            if (value == null || value.Length < 2) return false;
            try
            {
                var t = TlvReader.Parse(value, 0, value.Length, true);
                return t.Tag == innerTag;
            }
            catch (DerException)
            {
                return false;
            }
        }
    }
}

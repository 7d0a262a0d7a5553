using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;

namespace IotEsim.Ipa.Es10
{
    /// <summary>The SGP.32 additions to ES10b (v1.2 §5.9; digest 4, 9.4, 9.5): eIM configuration,
    /// eUICC packages, certificates, memory reset.</summary>
    public static class Es10bIot
    {
        /// <summary>ES10b.GetEimConfigurationData (BF55 00 = every eIM).</summary>
        public static GetEimConfigurationDataResponse GetEimConfigurationData(Es10Channel es10)
        {
            var req = new GetEimConfigurationDataRequest();
            return GetEimConfigurationDataResponse.Decode(Es10Call.Send(es10, req.Encode(), RspTags.GetEimConfigurationData));
        }

        /// <summary>ES10b.AddInitialEim (BF57).</summary>
        public static AddInitialEimResponse AddInitialEim(Es10Channel es10, AddInitialEimRequest request)
        {
            return AddInitialEimResponse.Decode(Es10Call.Send(es10, request.Encode(), RspTags.AddInitialEim));
        }

        /// <summary>ES10b.LoadEuiccPackage: the BF51 EuiccPackageRequest exactly as the eIM sent it (the
        /// eimSignature covers those bytes); returns the BF51 EuiccPackageResult bytes, forwarded unchanged.</summary>
        public static byte[] LoadEuiccPackage(Es10Channel es10, byte[] euiccPackageRequest)
        {
            return Es10Call.Send(es10, euiccPackageRequest, RspTags.EuiccPackage);
        }

        /// <summary>ES10b.GetCerts (BF56): EUM and eUICC certificates, optionally for one CI key id.</summary>
        public static GetCerts GetCertificates(Es10Channel es10, byte[] euiccCiPKId)
        {
            return GetCerts.DecodeResponse(Es10Call.Send(es10, GetCerts.EncodeRequest(euiccCiPKId), RspTags.GetCerts));
        }

        /// <summary>eUICC memory reset. The request is sent in the v1.2 form (BF64 {82 options}); the
        /// answer is accepted in both forms, v1.2 BF64 {80 result..} and v1.0 BF34 {02 result..}.</summary>
        public static EuiccMemoryReset MemoryReset(Es10Channel es10, int[] optionBits, Sgp32Version version)
        {
            byte[] r = es10.Transceive(EuiccMemoryReset.EncodeRequest(optionBits, version));
            if (r == null || r.Length == 0) throw new Es10Exception("the eUICC answered memory reset without data", 0);
            return EuiccMemoryReset.DecodeResponse(r);
        }

        /// <summary>ES10b.RetrieveNotificationsList asking for eUICC package results (SGP.32: BF2B {A0 {82 00}}).</summary>
        public static Sgp32RetrieveNotificationsList RetrieveEuiccPackageResults(Es10Channel es10)
        {
            return Sgp32RetrieveNotificationsList.Decode(Es10Call.Send(es10, Sgp32RetrieveNotificationsList.EncodeRequestEuiccPackageResults(), RspTags.RetrieveNotificationsList));
        }
    }
}

using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;

namespace IotEsim.Euicc.Engine.Sgp32
{
    public sealed partial class Sgp32Functions
    {
        /// <summary>
        /// ES10b.GetCerts (SGP.32 §5.9.10, BF56): the EUM and eUICC certificates. With a euiccCiPKId the
        /// request names the CI the chain must lead to; this eUICC holds one chain, so any other CI is
        /// invalidCiPKId (the EUM certificate's authorityKeyIdentifier names its CI).
        /// </summary>
        byte[] GetCertsFunction(byte[] data)
        {
            byte[] ciPkId = GetCerts.DecodeRequest(data);
            var g = new GetCerts();
            if (_eumCertificate == null || _euiccCertificate == null) { g.Error = GetCerts.UndefinedError; return g.EncodeResponse(); }
            if (ciPkId != null)
            {
                byte[] aki = null;
                try { aki = X509Certificate.Parse(_eumCertificate).AuthorityKeyIdentifier; }
                catch (Exception) { aki = null; }
                if (aki == null || !Bytes.Equal(aki, ciPkId)) { g.Error = GetCerts.InvalidCiPKId; return g.EncodeResponse(); }
            }
            g.EumCertificate = _eumCertificate;
            g.EuiccCertificate = _euiccCertificate;
            return g.EncodeResponse();
        }

        /// <summary>ES10b.GetConnectivityParameters (v1.2 §5.9.24, BF5F 00). No profile on this eUICC carries
        /// connectivity parameters for the IPA, so the answer is parametersNotAvailable.</summary>
        byte[] GetConnectivityParameters(byte[] data)
        {
            var t = Sgp32Der.Parse(data, RspTags.GetConnectivityParameters);
            if (t.Length != 0) throw Sgp32Der.Unexpected(t.Children().Read(), "GetConnectivityParametersRequest");
            var r = new GetConnectivityParametersResponse();
            r.Error = GetConnectivityParametersResponse.ParametersNotAvailable;
            return r.Encode();
        }

        /// <summary>ES10b.IpaeActivation (v1.2 §3.8.4, BF42): this eUICC has no IPAe, so activation (or
        /// deactivation) is notSupported. BF42 is SGP.22's LpaeActivation tag; the engine routes it here.</summary>
        byte[] IpaeActivationFunction(byte[] data)
        {
            IpaeActivation.DecodeRequest(data);
            return Result(RspTags.IpaeActivation, IpaeActivation.NotSupported);
        }
    }
}

using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;

namespace IotEsim.Ipa.Es10
{
    /// <summary>ES10a (SGP.22 5.7.3-5.7.4): the eUICC's configured SM-DP+ / SM-DS addresses.</summary>
    public static class Es10a
    {
        /// <summary>ES10a.GetEuiccConfiguredAddresses (BF3C): defaultDpAddress and rootDsAddress.</summary>
        public static EuiccConfiguredAddresses GetEuiccConfiguredAddresses(Es10Channel es10)
        {
            return EuiccConfiguredAddresses.Decode(Es10Call.Send(es10, EuiccConfiguredAddresses.EncodeRequest(), RspTags.EuiccConfiguredAddresses));
        }

        /// <summary>ES10a.SetDefaultDpAddress (BF3F); returns the result code (0 ok).</summary>
        public static int SetDefaultDpAddress(Es10Channel es10, string address)
        {
            var req = new SetDefaultDpAddressRequest();
            req.DefaultDpAddress = address == null ? "" : address;
            return Es10Result.Decode(Es10Call.Send(es10, req.Encode(), RspTags.SetDefaultDpAddress), RspTags.SetDefaultDpAddress).Result;
        }
    }

    /// <summary>Shared plumbing: one ES10 request, a response that must be the expected TLV.</summary>
    internal static class Es10Call
    {
        public static byte[] Send(Es10Channel es10, byte[] request, int expectedTag)
        {
            byte[] resp = es10.Transceive(request);
            if (resp == null || resp.Length == 0)
                throw new Es10Exception("the eUICC answered " + Tags.Name(expectedTag) + " without data", 0);
            return resp;
        }
    }
}

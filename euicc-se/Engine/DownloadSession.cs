using System;
using IotEsim.Rsp.Crypto;

namespace IotEsim.Euicc.Engine
{
    /// <summary>Volatile RSP session state (SGP.22 §3.1.3): from GetEUICCChallenge to the end of the BPP load.</summary>
    public sealed class DownloadSession
    {
        public const int StageChallenge = 1, StageAuthenticated = 2, StagePrepared = 3;

        public int Stage;
        public byte[] EuiccChallenge;
        public byte[] TransactionId;
        public string ServerAddress;
        public byte[] EuiccSignature1;
        /// <summary>SM-DP+ OID (registeredID in CERT.DPauth), content octets; null if the certificate has none.</summary>
        public byte[] SmdpOid;
        public byte[] CiPkId;
        public byte[] DpPbPublicKey;
        /// <summary>Curve of CERT.DPpb: smdpSign is checked and the session key agreed on it.</summary>
        public IotEsim.Rsp.X509.EcCurve DpPbCurve = IotEsim.Rsp.X509.EcCurve.P256;
        public EcKeyPair OneTimeKey;
    }
}

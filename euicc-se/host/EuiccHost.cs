using System;
using System.Collections.Generic;
using System.IO;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Identity;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Desktop.Storage;
using IotEsim.Rsp.Storage;

namespace IotEsim.Euicc.Host
{
    /// <summary>Creates or reopens a software eUICC: state in a directory (FileStore), identity from certificate/key files.</summary>
    public static class EuiccHost
    {
        /// <summary>Identity from files: CERT.EUICC, SK.EUICC, CERT.EUM and one or more CI certificates (PEM or DER).</summary>
        public static EuiccIdentity LoadIdentity(string euiccCert, string euiccKey, string eumCert, IList<string> ciCerts)
        {
            var cis = new byte[ciCerts.Count][];
            for (int i = 0; i < cis.Length; i++) cis[i] = File.ReadAllBytes(ciCerts[i]);
            return EuiccIdentity.Load(File.ReadAllBytes(euiccCert), File.ReadAllBytes(euiccKey), File.ReadAllBytes(eumCert), cis);
        }

        /// <summary>Identity from a TestPki directory (files named by TestPki: see its manifest).</summary>
        public static EuiccIdentity LoadTestPki(string dir)
        {
            var pki = IotEsim.Rsp.Desktop.Pki.TestPki.Load(dir);
            return new EuiccIdentity(pki.Euicc.CertificateDer, pki.Euicc.PrivateKey, pki.Eum.CertificateDer,
                new byte[][] { pki.Ci.CertificateDer }, null);
        }

        public static IsdrApplet Open(string stateDir, EuiccIdentity identity, ICryptoProvider crypto, EuiccOptions options)
        {
            Directory.CreateDirectory(stateDir);
            IStore store = new FileStore(stateDir);
            return new IsdrApplet(new EuiccEngine(identity, crypto, store, options));
        }
    }

    /// <summary>An <see cref="IApduTransport"/> straight into an in-process card (no reader, no framing).</summary>
    public sealed class CardTransport : RawApduTransport
    {
        private readonly ISmartCard _card;
        public CardTransport(ISmartCard card) { _card = card; }
        public override void Connect() { }
        public override void Disconnect() { }
        public override byte[] Transmit(byte[] command) { return _card.ProcessApdu(command); }
    }
}

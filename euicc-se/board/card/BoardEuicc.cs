using System;
using System.Collections;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Identity;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Storage;

namespace IotEsim.Euicc.Board
{
    /// <summary>The board cannot start: a credential file is missing or unreadable (the log names it).</summary>
    public class BoardSetupException : Exception
    {
        public BoardSetupException(string message) : base(message) { }
    }

    /// <summary>Reads a credential file by name (I:\ on the board), null when absent.</summary>
    public interface ICredentialFiles
    {
        byte[] ReadAll(string name);
    }

    /// <summary>
    /// Builds the board's card: the real <see cref="EuiccEngine"/> behind the ISD-R front end (<see cref="IsdrApplet"/>),
    /// with its identity read from credential files and its state in an <see cref="IStore"/> (on the board the
    /// atomic FlashStore of firmware/core/Storage over I:\euicc). Portable: the device passes I:\ files, the desktop
    /// tests a temp directory, and both run this same code.
    /// <para>Credential files (the names `iotesim euicc init` / TestPki write, so a PKI directory deploys as is):</para>
    /// <list type="bullet">
    /// <item>euicc.der (or euicc.pem): CERT.EUICC.ECDSA</item>
    /// <item>euicc.key.pem (SEC1 or PKCS#8 PEM; or euicc.key.der): SK.EUICC.ECDSA</item>
    /// <item>eum.der (or eum.pem): CERT.EUM.ECDSA</item>
    /// <item>ci.der (or ci.pem), and optionally ci-2.der ... ci-9.der: trusted CI certificates</item>
    /// </list>
    /// </summary>
    public static class BoardEuicc
    {
        public const string EuiccCert = "euicc";
        public const string EuiccKey = "euicc.key";
        public const string EumCert = "eum";
        public const string CiCert = "ci";

        /// <summary>Reads the identity; throws <see cref="BoardSetupException"/> naming what is missing or broken.</summary>
        public static EuiccIdentity LoadIdentity(ICredentialFiles credentials)
        {
            byte[] cert = Required(credentials, EuiccCert);
            byte[] key = Required(credentials, EuiccKey);
            byte[] eum = Required(credentials, EumCert);
            var cis = new ArrayList();
            cis.Add(Required(credentials, CiCert));
            for (int i = 2; i <= 9; i++)
            {
                byte[] more = Optional(credentials, CiCert + "-" + i.ToString());
                if (more != null) cis.Add(more);
            }
            var ciArray = new byte[cis.Count][];
            for (int i = 0; i < ciArray.Length; i++) ciArray[i] = (byte[])cis[i];
            try
            {
                return EuiccIdentity.Load(cert, key, eum, ciArray);
            }
            catch (Exception e)
            {
                throw new BoardSetupException("credentials unusable: " + e.Message);
            }
        }

        /// <summary>The card the board serves: engine over the state store, ISD-R front end.</summary>
        public static IsdrApplet Create(ICredentialFiles credentials, IStore store, ICryptoProvider crypto, EuiccOptions options)
        {
            EuiccIdentity id = LoadIdentity(credentials);
            var engine = new EuiccEngine(id, crypto, store, options == null ? new EuiccOptions() : options);
            return new IsdrApplet(engine);
        }

        private static byte[] Required(ICredentialFiles fs, string stem)
        {
            byte[] b = Optional(fs, stem);
            if (b == null) throw new BoardSetupException("missing " + stem + ".der or " + stem + ".pem");
            return b;
        }

        private static byte[] Optional(ICredentialFiles fs, string stem)
        {
            byte[] b = fs.ReadAll(stem + ".der");
            if (b == null) b = fs.ReadAll(stem + ".pem");
            return b;
        }
    }
}

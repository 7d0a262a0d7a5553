using System;
using System.Text;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Provisioning
{
    /// <summary>What is wrong with an activation code string.</summary>
    public enum ActivationCodeError
    {
        Empty = 1,
        /// <summary>AC_Format is not "1".</summary>
        UnsupportedFormat = 2,
        /// <summary>Fewer than the mandatory fields (format, SM-DP+ address, matching ID).</summary>
        MissingField = 3,
        /// <summary>More than six '$'-separated fields.</summary>
        TooManyFields = 4,
        /// <summary>A '$' that closes with an empty optional field (nothing follows it).</summary>
        TrailingSeparator = 5,
        EmptyAddress = 6,
        InvalidAddress = 7,
        InvalidMatchingId = 8,
        InvalidOid = 9,
        InvalidConfirmationCodeFlag = 10,
        InvalidCiPkid = 11,
    }

    public class ActivationCodeException : Exception
    {
        public ActivationCodeError Error { get; private set; }

        public ActivationCodeException(ActivationCodeError error, string message) : base(message)
        {
            Error = error;
        }
    }

    /// <summary>
    /// SGP.22 §4.1 activation code: <c>[LPA:]1$&lt;SM-DP+ address&gt;$&lt;matching ID&gt;[$&lt;SM-DP+ OID&gt;[$&lt;CC
    /// required flag "1"&gt;[$&lt;CI PKID&gt;]]]</c>. An optional field is left empty when a later one is
    /// present ("1$host$id$$1"); a trailing empty field is refused. The matching ID may be empty.
    /// Formatting writes fields up to the last non-empty one, which reproduces pySim's
    /// ActivationCode.to_string for its unit-test vectors.
    /// </summary>
    public sealed class ActivationCode
    {
        public const string Prefix = "LPA:";

        public ActivationCode(string smdpAddress, string matchingId)
            : this(smdpAddress, matchingId, null, false, null) { }

        public ActivationCode(string smdpAddress, string matchingId, string smdpOid, bool confirmationCodeRequired, string ciPkid)
        {
            CheckAddress(smdpAddress);
            CheckMatchingId(matchingId == null ? "" : matchingId);
            if (smdpOid != null && smdpOid.Length > 0) CheckOid(smdpOid);
            if (ciPkid != null && ciPkid.Length > 0) CheckPkid(ciPkid);
            SmdpAddress = smdpAddress;
            MatchingId = matchingId == null ? "" : matchingId;
            SmdpOid = smdpOid != null && smdpOid.Length > 0 ? smdpOid : null;
            ConfirmationCodeRequired = confirmationCodeRequired;
            CiPkid = ciPkid != null && ciPkid.Length > 0 ? ciPkid : null;
        }

        public string SmdpAddress { get; private set; }
        /// <summary>AC_Token / matching ID; "" when empty.</summary>
        public string MatchingId { get; private set; }
        /// <summary>SM-DP+ OID, or null.</summary>
        public string SmdpOid { get; private set; }
        public bool ConfirmationCodeRequired { get; private set; }
        /// <summary>CI public key identifier (hex), or null.</summary>
        public string CiPkid { get; private set; }

        /// <summary>Parses with or without the "LPA:" prefix; throws <see cref="ActivationCodeException"/>.</summary>
        public static ActivationCode Parse(string text)
        {
            if (text == null || text.Length == 0) throw new ActivationCodeException(ActivationCodeError.Empty, "activation code is empty");
            string s = text;
            if (s.Length >= Prefix.Length && s.Substring(0, Prefix.Length).ToUpper() == Prefix) s = s.Substring(Prefix.Length);
            if (s.Length == 0) throw new ActivationCodeException(ActivationCodeError.Empty, "activation code is empty after 'LPA:'");
            string[] f = s.Split(new char[] { '$' });
            if (f[0] != "1")
                throw new ActivationCodeException(ActivationCodeError.UnsupportedFormat, "unsupported AC_Format '" + f[0] + "' (only '1' is defined)");
            if (f.Length < 3)
                throw new ActivationCodeException(ActivationCodeError.MissingField, f.Length < 2 ? "SM-DP+ address and matching ID missing" : "matching ID field missing (write '1$<address>$' ... with a '$' even when it is empty)");
            if (f.Length > 6)
                throw new ActivationCodeException(ActivationCodeError.TooManyFields, "too many '$'-separated fields (" + f.Length.ToString() + ", at most 6)");
            if (f.Length > 3 && f[f.Length - 1].Length == 0)
                throw new ActivationCodeException(ActivationCodeError.TrailingSeparator, "trailing '$' with an empty optional field");
            if (f[1].Length == 0) throw new ActivationCodeException(ActivationCodeError.EmptyAddress, "SM-DP+ address is empty");
            string oid = f.Length > 3 ? f[3] : null;
            bool cc = false;
            if (f.Length > 4)
            {
                if (f[4] == "1") cc = true;
                else if (f[4].Length != 0)
                    throw new ActivationCodeException(ActivationCodeError.InvalidConfirmationCodeFlag, "confirmation code required flag must be '1' or empty, not '" + f[4] + "'");
            }
            string pkid = f.Length > 5 ? f[5] : null;
            return new ActivationCode(f[1], f[2], oid, cc, pkid);
        }

        /// <summary>Like <see cref="Parse"/> but returns false instead of throwing.</summary>
        public static bool TryParse(string text, out ActivationCode code)
        {
            code = null;
            try
            {
                code = Parse(text);
                return true;
            }
            catch (ActivationCodeException)
            {
                return false;
            }
        }

        /// <summary>Without the "LPA:" prefix (the form used inside SGP.32 BF54 and pySim's to_string).</summary>
        public override string ToString() { return Format(false); }

        /// <summary>With "LPA:" when <paramref name="withPrefix"/> (the QR code form).</summary>
        public string Format(bool withPrefix)
        {
            string[] f = new string[] { SmdpOid == null ? "" : SmdpOid, ConfirmationCodeRequired ? "1" : "", CiPkid == null ? "" : CiPkid };
            int last = -1;
            for (int i = 0; i < f.Length; i++) if (f[i].Length > 0) last = i;
            var sb = new StringBuilder();
            if (withPrefix) sb.Append(Prefix);
            sb.Append("1$").Append(SmdpAddress).Append('$').Append(MatchingId);
            for (int i = 0; i <= last; i++) sb.Append('$').Append(f[i]);
            return sb.ToString();
        }

        /// <summary>
        /// hashCc = SHA-256(SHA-256(confirmation code) || transactionId), sent in PrepareDownload as
        /// <c>04 20 &lt;hashCc&gt;</c> (SGP.22 §5.7.5/§3.1.3). The code is hashed as its bytes (UTF-8;
        /// codes are digits in practice) and the transactionId as its binary value (the 80 TLV content,
        /// not the hex text). Source: lpac euicc/es10b.c es10b_prepare_download (hash of strlen(cc)
        /// bytes, then hash of that digest || hex2bin(transactionId)); digest section 3 step 5.
        /// </summary>
        public static byte[] HashCc(ICryptoProvider crypto, string confirmationCode, byte[] transactionId)
        {
            if (crypto == null) throw new ArgumentNullException("crypto");
            if (confirmationCode == null) throw new ArgumentNullException("confirmationCode");
            if (transactionId == null) throw new ArgumentNullException("transactionId");
            byte[] cc = Encoding.UTF8.GetBytes(confirmationCode);
            byte[] inner = crypto.Sha256(cc, 0, cc.Length);
            byte[] both = Bytes.Concat(inner, transactionId);
            return crypto.Sha256(both, 0, both.Length);
        }

        /// <summary><see cref="HashCc(ICryptoProvider,string,byte[])"/> with the transactionId as the hex text ES9+ carries.</summary>
        public static byte[] HashCc(ICryptoProvider crypto, string confirmationCode, string transactionIdHex)
        {
            if (transactionIdHex == null) throw new ArgumentNullException("transactionIdHex");
            return HashCc(crypto, confirmationCode, Hex.Decode(transactionIdHex));
        }

        /// <summary>Same computation over any incremental SHA-256 (the instance is reset by Final).</summary>
        public static byte[] HashCc(IHash sha256, string confirmationCode, byte[] transactionId)
        {
            if (sha256 == null) throw new ArgumentNullException("sha256");
            if (confirmationCode == null) throw new ArgumentNullException("confirmationCode");
            if (transactionId == null) throw new ArgumentNullException("transactionId");
            byte[] cc = Encoding.UTF8.GetBytes(confirmationCode);
            sha256.Update(cc, 0, cc.Length);
            byte[] inner = sha256.Final();
            sha256.Update(inner, 0, inner.Length);
            sha256.Update(transactionId, 0, transactionId.Length);
            return sha256.Final();
        }

        private static void CheckAddress(string a)
        {
            if (a == null || a.Length == 0) throw new ActivationCodeException(ActivationCodeError.EmptyAddress, "SM-DP+ address is empty");
            // FQDN (letters, digits, '-', '.'), optionally ":port" as test setups use.
            int colon = a.IndexOf(':');
            string host = colon < 0 ? a : a.Substring(0, colon);
            if (host.Length == 0 || host[0] == '.' || host[host.Length - 1] == '.' || host.IndexOf("..") >= 0)
                throw new ActivationCodeException(ActivationCodeError.InvalidAddress, "SM-DP+ address '" + a + "' is not a host name");
            for (int i = 0; i < host.Length; i++)
            {
                char c = host[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
                    throw new ActivationCodeException(ActivationCodeError.InvalidAddress, "SM-DP+ address '" + a + "' contains '" + c.ToString() + "'");
            }
            if (colon >= 0)
            {
                string port = a.Substring(colon + 1);
                bool ok = port.Length > 0 && port.Length <= 5;
                for (int i = 0; ok && i < port.Length; i++) ok = port[i] >= '0' && port[i] <= '9';
                if (!ok) throw new ActivationCodeException(ActivationCodeError.InvalidAddress, "SM-DP+ address '" + a + "' has a bad port");
            }
        }

        private static void CheckMatchingId(string m)
        {
            for (int i = 0; i < m.Length; i++)
            {
                char c = m[i];
                if (c == '$' || c <= ' ' || c == 0x7F)
                    throw new ActivationCodeException(ActivationCodeError.InvalidMatchingId, "matching ID contains a '$', space or control character");
            }
        }

        private static void CheckOid(string oid)
        {
            // Dotted decimal with at least two arcs: 1.3.6.1.4.1.31746
            bool ok = oid.Length >= 3;
            int arcs = 0, digits = 0;
            for (int i = 0; ok && i <= oid.Length; i++)
            {
                if (i == oid.Length || oid[i] == '.')
                {
                    if (digits == 0) ok = false;
                    arcs++;
                    digits = 0;
                }
                else if (oid[i] >= '0' && oid[i] <= '9') digits++;
                else ok = false;
            }
            if (!ok || arcs < 2) throw new ActivationCodeException(ActivationCodeError.InvalidOid, "SM-DP+ OID '" + oid + "' is not a dotted-decimal object identifier");
        }

        private static void CheckPkid(string p)
        {
            bool ok = (p.Length & 1) == 0;
            for (int i = 0; ok && i < p.Length; i++)
            {
                char c = p[i];
                ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            }
            if (!ok) throw new ActivationCodeException(ActivationCodeError.InvalidCiPkid, "CI PKID '" + p + "' is not hex");
        }
    }
}

using System;
using System.IO;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Ipa.Download
{
    /// <summary>Progress of a BPP load, for progress bars and logs.</summary>
    public interface IBppProgress
    {
        /// <summary>Called after each ES10 request; <paramref name="total"/> is the BF36 TLV size.</summary>
        void Loaded(long sent, long total);
    }

    /// <summary>
    /// ES10b.LoadBoundProfilePackage (SGP.22 3.1.3.3 / 5.7.6), streamed: the BPP is read element by
    /// element from a stream (typically the base64-decoded HTTP body) and sent as separate ES10
    /// requests, the way lpac and onomondo-ipa split it:
    /// (1) BF36 tag+length with the whole BF23 InitialiseSecureChannel, (2) the whole A0
    /// (ConfigureISDP), (3) the A1 tag+length, (4) each 88 (StoreMetadata), (5) the whole A2
    /// (ReplaceSessionKeys) when present, (6) the A3 tag+length, (7) each 86 profile segment.
    /// Only one element (≤ a few KB) is in memory at a time. The eUICC answers 9000 without data
    /// until the end, or earlier with a ProfileInstallationResult (BF37) when it aborts.
    /// </summary>
    public static class LoadBoundProfilePackage
    {
        /// <summary>Largest single element accepted (a 1036-byte 86 segment, an InitialiseSecureChannel
        /// with its signature, a StoreMetadata with an icon). Bigger means a broken or hostile package.</summary>
        public const int MaxElementLength = 16384;

        /// <summary>Sends the BPP read from <paramref name="bpp"/> and returns the ProfileInstallationResult TLV (BF37).</summary>
        /// <exception cref="DerException">the package is malformed (nothing more is sent; the caller cancels the session)</exception>
        /// <exception cref="Es10Exception">the card refused a command at APDU level</exception>
        public static byte[] Execute(Es10Channel es10, Stream bpp, IBppProgress progress)
        {
            var r = new TlvStreamReader(bpp);
            r.ReadHeader(0xBF36);
            long total = r.HeaderLength + r.Length;
            long end = r.Position + r.Length;
            byte[] outerHeader = r.HeaderBytes();

            // (1) BF36 header + BF23 InitialiseSecureChannelRequest in one request.
            r.ReadHeader(0xBF23);
            byte[] isc = r.ReadElementBytes(MaxElementLength);
            var first = new byte[outerHeader.Length + isc.Length];
            Array.Copy(outerHeader, first, outerHeader.Length);
            Array.Copy(isc, 0, first, outerHeader.Length, isc.Length);
            byte[] result = Send(es10, first, r, total, progress);
            if (result != null) return result;

            // (2) firstSequenceOf87 (ConfigureISDP), whole.
            r.ReadHeader(0xA0);
            result = Send(es10, r.ReadElementBytes(MaxElementLength), r, total, progress);
            if (result != null) return result;

            // (3)+(4) sequenceOf88 header, then each StoreMetadata segment.
            r.ReadHeader(0xA1);
            result = SendSequence(es10, r, 0x88, total, progress);
            if (result != null) return result;

            // (5) optional secondSequenceOf87 (ReplaceSessionKeys), then (6)+(7) sequenceOf86.
            if (!r.ReadHeader()) throw new DerException(DerError.MissingElement, r.Position, "sequenceOf86 (A3) missing");
            if (r.Tag == 0xA2)
            {
                result = Send(es10, r.ReadElementBytes(MaxElementLength), r, total, progress);
                if (result != null) return result;
                if (!r.ReadHeader()) throw new DerException(DerError.MissingElement, r.Position, "sequenceOf86 (A3) missing");
            }
            if (r.Tag != 0xA3) throw new DerException(DerError.UnexpectedTag, r.Position, "expected A3 but found " + Tags.Name(r.Tag));
            result = SendSequence(es10, r, 0x86, total, progress);
            // An early PIR (the eUICC aborted mid-sequence) is the answer, whatever remains unread.
            if (result != null) return result;
            if (r.Position != end) throw new DerException(DerError.TrailingData, r.Position, "BF36 content does not end with A3");
            throw new Es10Exception("the eUICC did not return a ProfileInstallationResult after the last segment", 0);
        }

        /// <summary>Sends the header of a SEQUENCE OF as its own request, then each element.</summary>
        private static byte[] SendSequence(Es10Channel es10, TlvStreamReader r, int elementTag, long total, IBppProgress progress)
        {
            long seqEnd = r.Position + r.Length;
            byte[] result = Send(es10, r.HeaderBytes(), r, total, progress);
            if (result != null) return result;
            while (r.Position < seqEnd)
            {
                r.ReadHeader(elementTag);
                result = Send(es10, r.ReadElementBytes(MaxElementLength), r, total, progress);
                if (result != null) return result;
            }
            if (r.Position != seqEnd) throw new DerException(DerError.Truncated, r.Position, "element overruns its sequence");
            return null;
        }

        private static byte[] Send(Es10Channel es10, byte[] request, TlvStreamReader r, long total, IBppProgress progress)
        {
            byte[] response = es10.Transceive(request);
            if (progress != null) progress.Loaded(r.Position, total);
            return response.Length == 0 ? null : response;
        }
    }
}

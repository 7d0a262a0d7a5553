using System;
using IotEsim.Euicc.State;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Bsp;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;

namespace IotEsim.Euicc.Engine
{
    /// <summary>
    /// ES10b.LoadBoundProfilePackage (SGP.22 §5.7.6) as a push parser: BF36 bytes arrive in arbitrary pieces; each
    /// element (BF23, each 87/88/86 segment) is collected alone, verified and processed, and the decrypted profile
    /// is streamed to the store, so RAM holds at most one segment. Any failure yields a signed error PIR and
    /// discards everything written for this package.
    /// </summary>
    public sealed class BppLoader
    {
        /// <summary>Largest element collected (a 1036-byte 86 segment, BF23, a StoreMetadata segment with an icon).</summary>
        public const int MaxElementLength = 4096;
        /// <summary>Largest StoreMetadata kept (it is committed into the index): a 1024-byte icon, names and
        /// notification addresses fit; more is refused instead of growing RAM with the package.</summary>
        public const int MaxMetadataLength = 4096;
        /// <summary>Largest header PE buffered to read the ICCID.</summary>
        private const int MaxHeaderPe = 1024;

        private readonly EuiccContext _ctx;
        private readonly EuiccEngine _engine;
        private readonly DownloadSession _session;

        private byte[] _buf = new byte[64];
        private int _len;
        private int _need;            // total bytes of the element being collected, 0 = reading a header
        private int _level;           // 0 before BF36, 1 in BF36, 2 in a sequence
        private int _bf36Remaining;
        private int _seqRemaining;
        private int _seqTag;          // A0..A3 being read
        private int _lastSeqTag;      // for order checks
        private bool _iscDone;

        private BspSession _bsp;
        private byte[] _metadataBytes = new byte[0];
        private StoreMetadataRequest _metadata;
        private byte[] _dpProprietaryData;
        private bool _configured;
        private IStoreWriter _writer;
        private string _imageKey;
        private int _profileNumber;
        private UppWalker _upp;

        public bool Done { get; private set; }
        /// <summary>The BF37 result once the package completed or failed.</summary>
        public byte[] Result { get; private set; }

        public BppLoader(EuiccContext ctx, EuiccEngine engine, DownloadSession session)
        {
            _ctx = ctx;
            _engine = engine;
            _session = session;
        }

        public void Feed(byte[] data, int offset, int count)
        {
            if (Done) return;
            try
            {
                while (count > 0 && !Done)
                {
                    if (_need > 0)
                    {
                        int n = _need - _len;
                        if (n > count) n = count;
                        Array.Copy(data, offset, _buf, _len, n);
                        _len += n; offset += n; count -= n;
                        if (_len == _need) Element();
                    }
                    else
                    {
                        Append(data[offset]);
                        offset++; count--;
                        Header();
                    }
                }
            }
            catch (LoadException e) { Fail(e.CommandId, e.Reason); }
            catch (BspException e) { Fail(CurrentCommand(), e.Error == BspError.MacMismatch ? ProfileInstallationErrorReason.Scp03tSecurityError : ProfileInstallationErrorReason.Scp03tStructureError); }
            catch (DerException) { Fail(CurrentCommand(), ProfileInstallationErrorReason.Scp03tStructureError); }
            catch (CryptoException) { Fail(CurrentCommand(), ProfileInstallationErrorReason.IncorrectInputValues); }
            catch (PowerCutException) { Abort(); throw; }
            catch (Exception) { Fail(CurrentCommand(), ProfileInstallationErrorReason.UnknownError); }
        }

        private void Append(byte b)
        {
            if (_len == _buf.Length) Grow(_len + 1);
            _buf[_len++] = b;
        }

        private void Grow(int size)
        {
            var n = new byte[size < 64 ? 64 : size];
            Array.Copy(_buf, n, _len);
            _buf = n;
        }

        private int CurrentCommand()
        {
            if (!_iscDone) return BppCommandId.InitialiseSecureChannel;
            switch (_seqTag != 0 ? _seqTag : _lastSeqTag)
            {
                case 0xA0: return BppCommandId.ConfigureIsdp;
                case 0xA1: return BppCommandId.StoreMetadata;
                case 0xA2: return BppCommandId.ReplaceSessionKeys;
                case 0xA3: return BppCommandId.LoadProfileElements;
                default: return BppCommandId.ConfigureIsdp;
            }
        }

        /// <summary>Tries to decode the tag and length collected so far; acts once complete.</summary>
        private void Header()
        {
            int p = 0;
            int tag = _buf[p++];
            if ((tag & 0x1F) == 0x1F)
            {
                if (_len < 2) return;
                tag = (tag << 8) | _buf[p++];
                if ((tag & 0x80) != 0) throw new LoadException(CurrentCommand(), ProfileInstallationErrorReason.Scp03tStructureError);
            }
            if (_len <= p) return;
            int first = _buf[p++];
            int length;
            if (first < 0x80) length = first;
            else
            {
                int nb = first & 0x7F;
                if (nb == 0 || nb > 3) throw new LoadException(CurrentCommand(), ProfileInstallationErrorReason.Scp03tStructureError);
                if (_len < p + nb) return;
                length = 0;
                for (int i = 0; i < nb; i++) length = (length << 8) | _buf[p++];
            }
            if (_len != p) return;
            int hdr = p;
            int total = hdr + length;

            if (_level == 0)
            {
                if (tag != RspTags.BoundProfilePackage) throw new LoadException(BppCommandId.InitialiseSecureChannel, ProfileInstallationErrorReason.Scp03tStructureError);
                _bf36Remaining = length;
                _level = 1;
                _len = 0;
                if (length == 0) throw new LoadException(BppCommandId.InitialiseSecureChannel, ProfileInstallationErrorReason.Scp03tStructureError);
                return;
            }
            if (_level == 1)
            {
                if (total > _bf36Remaining) throw new LoadException(CurrentCommand(), ProfileInstallationErrorReason.Scp03tStructureError);
                _bf36Remaining -= total;
                if (tag == RspTags.InitialiseSecureChannel && !_iscDone) { Collect(total); return; }
                CheckSequenceOrder(tag);
                _seqTag = tag;
                _seqRemaining = length;
                _len = 0;
                _level = 2;
                if (length == 0) SequenceEnd();
                return;
            }
            // level 2: one segment of the current sequence
            int expected = _seqTag == 0xA1 ? BspSession.TagMacOnly : _seqTag == 0xA3 ? BspSession.TagProfileEncrypted : BspSession.TagEncrypted;
            if (tag != expected || total > _seqRemaining) throw new LoadException(CurrentCommand(), ProfileInstallationErrorReason.Scp03tStructureError);
            _seqRemaining -= total;
            Collect(total);
        }

        private void Collect(int total)
        {
            if (total > MaxElementLength) throw new LoadException(CurrentCommand(), ProfileInstallationErrorReason.Scp03tStructureError);
            if (_buf.Length < total) Grow(total);
            _need = total;
            if (_len == _need) Element();
        }

        private void CheckSequenceOrder(int tag)
        {
            bool ok;
            switch (tag)
            {
                case 0xA0: ok = _iscDone && _lastSeqTag == 0; break;
                case 0xA1: ok = _lastSeqTag == 0xA0; break;
                case 0xA2: ok = _lastSeqTag == 0xA1; break;
                case 0xA3: ok = _lastSeqTag == 0xA1 || _lastSeqTag == 0xA2; break;
                default: ok = false; break;
            }
            if (!ok) throw new LoadException(CurrentCommand(), ProfileInstallationErrorReason.Scp03tStructureError);
        }

        private void Element()
        {
            int n = _need;
            _need = 0;
            _len = 0;
            if (_level == 1) InitialiseSecureChannel(_buf, n);
            else
            {
                switch (_seqTag)
                {
                    case 0xA0: ConfigureIsdp(_bsp.UnwrapEncrypted(_buf, 0, n)); break;
                    case 0xA1:
                        {
                            byte[] part = _bsp.VerifyMacOnly(_buf, 0, n);
                            if (_metadataBytes.Length + part.Length > MaxMetadataLength)
                                throw new LoadException(BppCommandId.StoreMetadata, ProfileInstallationErrorReason.IncorrectInputValues);
                            _metadataBytes = Bytes.Concat(_metadataBytes, part);
                            break;
                        }
                    case 0xA2: ReplaceSessionKeys(_bsp.UnwrapEncrypted(_buf, 0, n)); break;
                    case 0xA3: ProfileData(_bsp.UnwrapEncrypted(_buf, 0, n)); break;
                }
                if (_seqRemaining == 0) SequenceEnd();
            }
            if (!Done && _level == 1 && _bf36Remaining == 0) Finish();
        }

        private void SequenceEnd()
        {
            if (_seqTag == 0xA1) StoreMetadata();
            if (_seqTag == 0xA0 && !_configured) throw new LoadException(BppCommandId.ConfigureIsdp, ProfileInstallationErrorReason.Scp03tStructureError);
            _lastSeqTag = _seqTag;
            _seqTag = 0;
            _level = 1;
            if (_bf36Remaining == 0) Finish();
        }

        private void InitialiseSecureChannel(byte[] buf, int n)
        {
            var isc = InitialiseSecureChannelRequest.Decode(RspDer.Parse(Bytes.Slice(buf, 0, n), RspTags.InitialiseSecureChannel));
            int cmd = BppCommandId.InitialiseSecureChannel;
            if (_session == null || _session.Stage != DownloadSession.StagePrepared)
                throw new LoadException(cmd, ProfileInstallationErrorReason.InvalidTransactionId);
            if (isc.RemoteOpId != InitialiseSecureChannelRequest.InstallBoundProfilePackage)
                throw new LoadException(cmd, ProfileInstallationErrorReason.UnsupportedRemoteOperationType);
            if (!Bytes.Equal(isc.TransactionId, _session.TransactionId))
                throw new LoadException(cmd, ProfileInstallationErrorReason.InvalidTransactionId);
            if (isc.KeyType != InitialiseSecureChannelRequest.KeyTypeAes || isc.KeyLength != 16)
                throw new LoadException(cmd, ProfileInstallationErrorReason.UnsupportedCrtValues);
            byte[] signed = isc.SignedData(_session.OneTimeKey.PublicKey);
            if (!_ctx.Verify(_session.DpPbCurve, _session.DpPbPublicKey, signed, 0, signed.Length, isc.SmdpSign))
                throw new LoadException(cmd, ProfileInstallationErrorReason.InvalidSignature);
            byte[] z = _ctx.Ecdh(_session.DpPbCurve, _session.OneTimeKey.PrivateKey, isc.SmdpOtpk);
            _bsp = new BspSession(_ctx.Crypto, BspSessionKeys.Derive(_ctx.Crypto, z, isc.HostId, _ctx.Identity.Eid));
            Array.Clear(z, 0, z.Length);
            _iscDone = true;
        }

        private void ConfigureIsdp(byte[] plain)
        {
            try
            {
                var c = ConfigureIsdpRequest.Decode(plain);
                _dpProprietaryData = c.DpProprietaryData;
            }
            catch (DerException) { throw new LoadException(BppCommandId.ConfigureIsdp, ProfileInstallationErrorReason.IncorrectInputValues); }
            _configured = true;
        }

        private void StoreMetadata()
        {
            try { _metadata = StoreMetadataRequest.Decode(_metadataBytes); }
            catch (DerException) { throw new LoadException(BppCommandId.StoreMetadata, ProfileInstallationErrorReason.IncorrectInputValues); }
            if (_ctx.State.FindByIccid(_metadata.Iccid) != null)
                throw new LoadException(BppCommandId.StoreMetadata, ProfileInstallationErrorReason.IccidAlreadyExistsOnEuicc);
            if (_metadata.ProfileClass >= 0 && _metadata.ProfileClass != ProfileValues.ClassOperational && _metadata.ProfileClass != ProfileValues.ClassTest)
                throw new LoadException(BppCommandId.StoreMetadata, ProfileInstallationErrorReason.UnsupportedProfileClass);
            // PPRs the Rules Authorisation Table does not allow for this profile owner (SGP.22 §2.9.2.2, §5.5.3).
            if (!ProfilePolicy.AllowedByRat(_metadata, _ctx.Options.RulesAuthorisationTable))
                throw new LoadException(BppCommandId.StoreMetadata, ProfileInstallationErrorReason.PprNotAllowed);
        }

        private void ReplaceSessionKeys(byte[] plain)
        {
            ReplaceSessionKeysRequest r;
            try { r = ReplaceSessionKeysRequest.Decode(plain); }
            catch (DerException) { throw new LoadException(BppCommandId.ReplaceSessionKeys, ProfileInstallationErrorReason.IncorrectInputValues); }
            _bsp.ReplaceSessionKeys(r.PpkEnc, r.PpkCmac, r.InitialMacChainingValue);
        }

        private void ProfileData(byte[] plain)
        {
            if (_metadata == null) throw new LoadException(BppCommandId.LoadProfileElements, ProfileInstallationErrorReason.Scp03tStructureError);
            if (_writer == null)
            {
                _profileNumber = _ctx.State.NextProfileNumber;
                _imageKey = StateStore.ProfileKey(_profileNumber);
                _writer = _ctx.Store.Store.BeginWrite(_imageKey);
                _upp = new UppWalker(HeaderIccidToBcd(_metadata.Iccid));
            }
            int r = _upp.Push(plain, 0, plain.Length);
            if (r != 0) throw new LoadException(BppCommandId.LoadProfileElements, r);
            _writer.Write(plain, 0, plain.Length);
        }

        /// <summary>The ProfileHeader carries the ICCID in natural digit order; 5A is nibble-swapped BCD.</summary>
        private static byte[] HeaderIccidToBcd(byte[] bcd)
        {
            var r = new byte[bcd.Length];
            for (int i = 0; i < bcd.Length; i++) r[i] = (byte)(((bcd[i] & 0x0F) << 4) | (bcd[i] >> 4));
            return r;
        }

        private void Finish()
        {
            if (_metadata == null || _writer == null || !_upp.EndSeen)
                throw new LoadException(BppCommandId.LoadProfileElements, ProfileInstallationErrorReason.PeProcessingError);
            var next = _ctx.State.Clone();
            var p = new ProfileRecord();
            p.Iccid = _metadata.Iccid;
            p.Number = _profileNumber;
            p.IsdpAid = IsdpAid(_profileNumber);
            p.ImageKey = _imageKey;
            p.Metadata = _metadataBytes;
            p.DpProprietaryData = _dpProprietaryData;
            p.State = ProfileValues.StateDisabled;
            next.Profiles.Add(p);
            next.NextProfileNumber = _profileNumber + 1;
            int seq = next.NextSeqNumber;
            byte[] pir = BuildPir(seq, true, p.IsdpAid, -1, -1);
            _writer.Commit();
            _writer = null;
            _engine.Queue.Stage(next, seq, EuiccState.KindProfileInstallationResult, pir);
            _ctx.Commit(next);
            Complete(pir);
        }

        public static byte[] IsdpAid(int number)
        {
            var aid = Hex.Decode("A0000005591010FFFFFFFF8900000000");
            aid[13] = (byte)(0x10 + (number >> 8));
            aid[14] = (byte)number;
            return aid;
        }

        private byte[] BuildPir(int seq, bool success, byte[] aid, int cmd, int reason)
        {
            var d = new ProfileInstallationResultData();
            d.TransactionId = _session != null && _session.TransactionId != null ? _session.TransactionId : new byte[] { 0 };
            string address = _session != null && _session.ServerAddress != null ? _session.ServerAddress : "";
            d.NotificationMetadata = NotificationMetadata.Create(seq, NotificationEvent.Install, address, _metadata != null ? _metadata.Iccid : null);
            d.SmdpOid = _session != null ? _session.SmdpOid : null;
            d.Success = success;
            if (success)
            {
                d.Aid = aid;
                // EUICCResponse: peStatus { { status ok } } (SAIP), the minimal success answer.
                d.SimaResponse = new byte[] { 0x30, 0x07, 0xA0, 0x05, 0x30, 0x03, 0x80, 0x01, 0x00 };
            }
            else
            {
                d.BppCommandId = cmd;
                d.ErrorReason = reason;
            }
            byte[] data = d.Encode();
            var pir = new ProfileInstallationResult();
            pir.Data = d;
            pir.EuiccSignPir = _ctx.Sign(data);
            return pir.Encode();
        }

        private void Fail(int cmd, int reason)
        {
            Abort();
            // An error PIR is also an install notification (SGP.22 §3.1.3.3 / 5.7.6); queueing it is best effort.
            var next = _ctx.State.Clone();
            int seq = next.NextSeqNumber;
            byte[] pir = BuildPir(seq, false, null, cmd, reason);
            try
            {
                if (_session != null && _session.Stage == DownloadSession.StagePrepared)
                {
                    _engine.Queue.Stage(next, seq, EuiccState.KindProfileInstallationResult, pir);
                    _ctx.Commit(next);
                }
            }
            catch (PowerCutException) { throw; }
            catch (Exception) { }
            Complete(pir);
        }

        private void Complete(byte[] pir)
        {
            Result = pir;
            Done = true;
            _buf = null;
            _engine.Session = null;
        }

        /// <summary>True between two elements of an unfinished package: the next byte must start a BPP element
        /// (A0..A3 or 86/87/88), so a byte 0xBF there can only be a new ES10 request.</summary>
        public bool AtElementBoundary { get { return !Done && _level > 0 && _need == 0 && _len == 0; } }

        /// <summary>Ends an unfinished package because the IPA moved on to another ES10 request: signed error PIR
        /// with reason interruption, queued as the install notification like every other load failure.</summary>
        public void Interrupt()
        {
            if (Done) return;
            int cmd = CurrentCommand();
            // Between two sequences the interrupted command is the next one, not the one that completed.
            if (_iscDone && _level == 1 && _seqTag == 0)
            {
                if (_lastSeqTag == 0) cmd = BppCommandId.ConfigureIsdp;
                else if (_lastSeqTag == 0xA0) cmd = BppCommandId.StoreMetadata;
                else cmd = BppCommandId.LoadProfileElements;
            }
            Fail(cmd, ProfileInstallationErrorReason.Interruption);
        }

        /// <summary>Drops partial data (card reset, cancel, failure).</summary>
        public void Abort()
        {
            if (_writer != null)
            {
                try { _writer.Abort(); } catch (Exception) { }
                _writer = null;
            }
            Done = true;
        }

        private sealed class LoadException : Exception
        {
            public readonly int CommandId, Reason;
            public LoadException(int cmd, int reason) : base("BPP load failed") { CommandId = cmd; Reason = reason; }
        }
    }

    /// <summary>
    /// Walks the top-level ProfileElements of the decrypted UPP as it streams by: checks the header PE (A0) comes
    /// first and names the expected ICCID (83), and notes the end PE (AA). Only the header PE is buffered.
    /// </summary>
    public sealed class UppWalker
    {
        private const int TagHeader = 0xA0, TagEnd = 0xAA;
        private const int MaxHeaderPe = 1024;

        private readonly byte[] _iccid;
        private byte[] _hdr = new byte[8];
        private int _hdrLen;
        private int _skip;            // value bytes of the current PE still to pass
        private int _count;
        private byte[] _headerPe;     // collecting the header PE
        private int _headerLen, _headerNeed;

        public bool EndSeen { get; private set; }

        /// <param name="headerIccid">ICCID as the ProfileHeader carries it (natural digit order).</param>
        public UppWalker(byte[] headerIccid) { _iccid = headerIccid; }

        /// <summary>0, or a ProfileInstallationErrorReason.</summary>
        public int Push(byte[] b, int off, int count)
        {
            while (count > 0)
            {
                if (_headerPe != null)
                {
                    int n = _headerNeed - _headerLen;
                    if (n > count) n = count;
                    Array.Copy(b, off, _headerPe, _headerLen, n);
                    _headerLen += n; off += n; count -= n;
                    if (_headerLen == _headerNeed)
                    {
                        int r = CheckHeader();
                        _headerPe = null;
                        if (r != 0) return r;
                    }
                    continue;
                }
                if (_skip > 0)
                {
                    int n = _skip < count ? _skip : count;
                    _skip -= n; off += n; count -= n;
                    continue;
                }
                if (EndSeen) return ProfileInstallationErrorReason.PeProcessingError;   // data after the end PE
                if (_hdrLen == _hdr.Length) return ProfileInstallationErrorReason.PeProcessingError;
                _hdr[_hdrLen++] = b[off++];
                count--;
                int tag, len, hl;
                int st = TryHeader(out tag, out len, out hl);
                if (st < 0) return ProfileInstallationErrorReason.PeProcessingError;
                if (st == 0) continue;
                _hdrLen = 0;
                _count++;
                if (_count == 1)
                {
                    if (tag != TagHeader || len + hl > MaxHeaderPe) return ProfileInstallationErrorReason.PeProcessingError;
                    _headerPe = new byte[hl + len];
                    Array.Copy(_hdr, _headerPe, hl);
                    _headerLen = hl;
                    _headerNeed = hl + len;
                    if (len == 0) return ProfileInstallationErrorReason.PeProcessingError;
                    continue;
                }
                if (tag == TagEnd) EndSeen = true;
                _skip = len;
            }
            return 0;
        }

        /// <summary>1 when a complete header is in _hdr, 0 when more bytes are needed, -1 when malformed.</summary>
        private int TryHeader(out int tag, out int len, out int hl)
        {
            tag = 0; len = 0; hl = 0;
            int p = 0;
            tag = _hdr[p++];
            if ((tag & 0x1F) == 0x1F)
            {
                do
                {
                    if (p >= _hdrLen) return 0;
                    tag = (tag << 8) | _hdr[p];
                } while ((_hdr[p++] & 0x80) != 0 && p < 4);
            }
            if (p >= _hdrLen) return 0;
            int first = _hdr[p++];
            if (first < 0x80) len = first;
            else
            {
                int nb = first & 0x7F;
                if (nb == 0 || nb > 3) return -1;
                if (_hdrLen < p + nb) return 0;
                for (int i = 0; i < nb; i++) len = (len << 8) | _hdr[p++];
            }
            if (p != _hdrLen) return -1;
            hl = p;
            return 1;
        }

        private int CheckHeader()
        {
            Tlv t;
            try { t = TlvReader.Parse(_headerPe, 0, _headerPe.Length, false); }
            catch (DerException) { return ProfileInstallationErrorReason.PeProcessingError; }
            Tlv iccid = null;
            try { iccid = t.Find(0x83); }
            catch (DerException) { return ProfileInstallationErrorReason.PeProcessingError; }
            if (iccid == null) return ProfileInstallationErrorReason.PeProcessingError;
            if (!Bytes.Equal(iccid.Value(), _iccid)) return ProfileInstallationErrorReason.IccidMismatch;
            return 0;
        }
    }
}

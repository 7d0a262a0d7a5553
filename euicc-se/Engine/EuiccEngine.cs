using System;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Identity;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Storage;

namespace IotEsim.Euicc.Engine
{
    /// <summary>
    /// The ISD-R's ES10 function dispatcher (SGP.22 §5.7): one complete request TLV in, one response TLV out.
    /// Requests that do not parse are refused with 6A80, unknown functions with 6A88; functions with an error
    /// alternative answer that instead. Function families live in their own files.
    /// </summary>
    public sealed class EuiccEngine : IEs10Processor
    {
        private readonly EuiccContext _ctx;
        private BppLoader _bpp;
        private byte[] _pendingResult;
        /// <summary>True when the next BppFeed is the first block of a STORE DATA sequence.</summary>
        private bool _sequenceStart = true;
        /// <summary>An ES10 request that arrived while a package was unfinished (see BppFeed), or null.</summary>
        private ByteBuffer _redirect;
        private bool _redirectOverflow;
        private readonly IotEsim.Euicc.Engine.Sgp32.Sgp32Functions _sgp32;

        public NotificationQueue Queue { get; private set; }
        public ProfileManager Profiles { get; private set; }
        public EuiccContext Context { get { return _ctx; } }
        public EuiccTestHooks Hooks { get { return _ctx.Hooks; } }

        /// <summary>The current RSP session (null when none).</summary>
        public DownloadSession Session;

        public EuiccEngine(EuiccIdentity identity, ICryptoProvider crypto, IStore store, EuiccOptions options)
        {
            _ctx = new EuiccContext(identity, crypto, store, options);
            Queue = new NotificationQueue(_ctx);
            Profiles = new ProfileManager(_ctx, Queue);
            // SGP.32 ES10b functions (BF51-BF5F, BF64, BF65, BF42) share the profile rules and the notification queue.
            _sgp32 = new IotEsim.Euicc.Engine.Sgp32.Sgp32Functions(identity.Eid, identity.EuiccPrivateKey, identity.EumCertificate,
                identity.EuiccCertificate, _ctx.IdentityCrypto, store, Profiles, Queue);
        }

        public bool HasEnabledProfile { get { return _ctx.State.Enabled != null; } }

        public byte[] ProcessRequest(byte[] request)
        {
            if (request == null || request.Length < 2) throw new Es10StatusException(StatusWord.IncorrectData, "empty request");
            int tag;
            try { tag = TlvReader.Parse(request, 0, request.Length, false).Tag; }
            catch (DerException) { throw new Es10StatusException(StatusWord.IncorrectData, "request is not one TLV"); }
            try
            {
                return Dispatch(tag, request);
            }
            catch (DerException e)
            {
                throw new Es10StatusException(StatusWord.IncorrectData, e.Message);
            }
        }

        private byte[] Dispatch(int tag, byte[] request)
        {
            switch (tag)
            {
                case RspTags.GetEuiccChallenge: return AuthenticateServer.GetEuiccChallenge(_ctx, this, request);
                case RspTags.EuiccInfo1: return EuiccInformation.Info1(_ctx, request);
                case RspTags.EuiccInfo2: return EuiccInformation.Info2(_ctx, request);
                case RspTags.EuiccConfiguredAddresses: return EuiccInformation.ConfiguredAddresses(_ctx, request);
                case RspTags.SetDefaultDpAddress: return EuiccInformation.SetDefaultDpAddress(_ctx, request);
                case RspTags.GetEuiccData: return EuiccInformation.GetEid(_ctx, request);
                case RspTags.GetRat: return EuiccInformation.GetRat(_ctx, request);
                case RspTags.AuthenticateServer: return AuthenticateServer.Process(_ctx, this, request);
                case RspTags.PrepareDownload: return PrepareDownload.Process(_ctx, this, request);
                case RspTags.CancelSession: return CancelSession.Process(_ctx, this, request);
                case RspTags.ListNotification: return Queue.ListNotification(request);
                case RspTags.RetrieveNotificationsList: return Queue.RetrieveNotificationsList(request);
                case RspTags.RemoveNotificationFromList: return Queue.RemoveNotificationFromList(request);
                case RspTags.ProfileInfoList: return Profiles.GetProfilesInfo(request);
                case RspTags.EnableProfile:
                case RspTags.DisableProfile:
                case RspTags.DeleteProfile:
                    return ProfileOperation(tag, request);
                case RspTags.SetNickname:
                {
                    var r = SetNicknameRequest.Decode(request);
                    return new Es10Result(RspTags.SetNickname, Profiles.SetNickname(r.Iccid, r.ProfileNickname)).Encode();
                }
                case RspTags.EuiccMemoryReset:
                {
                    var r = EuiccMemoryResetRequest.Decode(request);
                    return new Es10Result(RspTags.EuiccMemoryReset, Profiles.MemoryReset(r.ResetOptions)).Encode();
                }
                default:
                    if (_sgp32.Handles(tag)) return _sgp32.Process(TlvReader.Parse(request));
                    throw new Es10StatusException(StatusWord.ReferencedDataNotFound, "unsupported ES10 function " + Tags.Name(tag));
            }
        }

        private byte[] ProfileOperation(int tag, byte[] request)
        {
            var r = ProfileOperationRequest.Decode(request);
            byte[] iccid = r.Iccid;
            if (iccid == null)
            {
                var p = _ctx.State.FindByAid(r.IsdpAid);
                if (p == null) return new Es10Result(tag, ProfileOperationResult.IccidOrAidNotFound).Encode();
                iccid = p.Iccid;
            }
            int result;
            if (tag == RspTags.EnableProfile) result = Profiles.Enable(iccid, false, r.RefreshFlag);
            else if (tag == RspTags.DisableProfile) result = Profiles.Disable(iccid, r.RefreshFlag);
            else result = Profiles.Delete(iccid);
            return new Es10Result(tag, result).Encode();
        }

        // ------------------------------------------------------------------ LoadBoundProfilePackage

        public bool BppInProgress { get { return _bpp != null && !_bpp.Done; } }

        public void BppFeed(byte[] data, int offset, int count)
        {
            // Fix: the applet routes every STORE DATA sequence to the package while one is unfinished, so after an
            // IPA abandoned a BPP half-way (truncated download, lost connection) the next GetEUICCChallenge or any
            // other request was parsed as BPP data and answered with a structure-error PIR. A sequence that starts
            // with 0xBF where the package needs its next element is a new request: interrupt the package and
            // process the request normally (a new BF36 starts a new package).
            if (_redirect != null)
            {
                // Same RAM bound as a buffered request in the applet; the overflow is reported at the end.
                if (_redirect.Length + count <= IsdrApplet.MaxRequestLength) _redirect.Add(data, offset, count);
                else _redirectOverflow = true;
                return;
            }
            bool sequenceStart = _sequenceStart;
            _sequenceStart = false;
            if (sequenceStart && count >= 2 && data[offset] == 0xBF && _bpp != null && _bpp.AtElementBoundary)
            {
                _bpp.Interrupt();
                _bpp = null;
                _pendingResult = null;
                if (data[offset + 1] != 0x36)
                {
                    _redirect = new ByteBuffer();
                    _redirect.Add(data, offset, count);
                    return;
                }
            }
            if (_bpp == null || _bpp.Done)
            {
                // A new BF36: a package sent without a prepared session still gets a (signed) error PIR.
                _pendingResult = null;
                _bpp = new BppLoader(_ctx, this, Session);
            }
            _bpp.Feed(data, offset, count);
            if (_bpp.Done && _bpp.Result != null) _pendingResult = _bpp.Result;
        }

        public byte[] BppEndOfSequence()
        {
            _sequenceStart = true;
            if (_redirect != null)
            {
                byte[] request = _redirect.ToArray();
                bool overflow = _redirectOverflow;
                _redirect = null;
                _redirectOverflow = false;
                if (overflow) throw new Es10StatusException(StatusWord.NotEnoughMemory, "request too long");
                return ProcessRequest(request);
            }
            var r = _pendingResult;
            _pendingResult = null;
            if (r != null) _bpp = null;
            return r;
        }

        /// <summary>Drops an unfinished package (CancelSession, reset).</summary>
        public void AbortDownload()
        {
            _redirect = null;
            _redirectOverflow = false;
            _sequenceStart = true;
            if (_bpp != null) _bpp.Abort();
            _bpp = null;
            _pendingResult = null;
        }

        public void OnReset()
        {
            AbortDownload();
            Session = null;
        }
    }

    /// <summary>Growable byte buffer (no generics on nanoFramework).</summary>
    internal sealed class ByteBuffer
    {
        private byte[] _b = new byte[256];
        private int _n;

        public int Length { get { return _n; } }

        public void Add(byte[] src, int off, int count)
        {
            if (_n + count > _b.Length)
            {
                int cap = _b.Length * 2;
                while (cap < _n + count) cap *= 2;
                var nb = new byte[cap];
                Array.Copy(_b, nb, _n);
                _b = nb;
            }
            Array.Copy(src, off, _b, _n, count);
            _n += count;
        }

        public byte[] ToArray()
        {
            var r = new byte[_n];
            Array.Copy(_b, r, _n);
            return r;
        }
    }
}

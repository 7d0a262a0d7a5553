using System;
using IotEsim.Ipa.Download;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Es11;
using IotEsim.Ipa.Es9Plus;
using IotEsim.Ipa.Esipa;
using IotEsim.Ipa.Http;
using IotEsim.Ipa.Notifications;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Esipa;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Provisioning;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;

namespace IotEsim.Ipa.Engine
{
    /// <summary>
    /// The IPA provisioning engine as a poll-style state machine (no threads): the firmware loop calls
    /// <see cref="Step"/> and sleeps as told. One Step performs one bounded unit of work (an ES10 call
    /// group and at most one procedure). Flow (SGP.32 §3, onomondo-ipa's poll loop):
    /// boot (GetEID, eIM configuration, resume interrupted work) → deliver pending notifications →
    /// with an eIM: GetEimPackage and execute packages until noEimPackageAvailable; without one: if no
    /// profile is enabled, download from the activation code or the SM-DS, enable, notify → Idle.
    /// In-flight state lives in the <see cref="IStore"/> so a reboot resumes without losing or repeating
    /// anything.
    /// </summary>
    public sealed class ProvisioningEngine : IDownloadJournal
    {
        private const int StBoot = 0;
        private const int StNotify = 1;
        private const int StPollEim = 2;
        private const int StCheckProfiles = 3;
        private const int StIdle = 4;

        public const string KeyDownload = "ipa/download";
        public const string KeyEpr = "ipa/epr";

        private readonly IpaConfig _cfg;
        private readonly Es10Channel _es10;
        private readonly IHttpTransport _http;
        private readonly IStore _store;
        private readonly IClock _clock;
        private readonly Backoff _backoff;
        private int _state = StBoot;
        private long _notBefore;
        private int _packagesThisRound;

        public ProvisioningEngine(IpaConfig config, IApduTransport card, IHttpTransport http, IStore store, IClock clock, IJitter jitter)
            : this(config, new Es10Channel(card, config.Es10), http, store, clock, jitter) { }

        public ProvisioningEngine(IpaConfig config, Es10Channel es10, IHttpTransport http, IStore store, IClock clock, IJitter jitter)
        {
            _cfg = config;
            _es10 = es10;
            _http = http;
            _store = store;
            _clock = clock;
            _backoff = new Backoff(config.BackoffBaseMs, config.BackoffMaxMs, jitter);
        }

        public IConnectivity Connectivity;
        /// <summary>For hashCc when an order needs a confirmation code.</summary>
        public ICryptoProvider Crypto;

        public byte[] Eid { get; private set; }
        /// <summary>eIM in use, or null (no eIM configured).</summary>
        public string EimAddress { get; private set; }
        public string EimId { get; private set; }
        /// <summary>True after a profile was installed or enabled (the modem must re-read the eUICC).</summary>
        public bool ProfileChanged;
        /// <summary>The last error, for logs; null after a clean round.</summary>
        public string LastError { get; private set; }
        /// <summary>The exception behind <see cref="LastError"/> (typed, for exit codes and retry decisions); null after a clean step.</summary>
        public Exception LastException { get; private set; }
        public int Failures { get { return _backoff.Failures; } }
        public Es10Channel Es10 { get { return _es10; } }
        /// <summary>What the last Step did, in one line (for the CLI and device logs).</summary>
        public string LastAction { get; private set; }
        /// <summary>ICCID (hex bytes as on the eUICC) of the profile the last download installed, or null.</summary>
        public byte[] LastInstalledIccid { get; private set; }

        /// <summary>Performs one unit of work.</summary>
        public StepResult Step()
        {
            if (_clock != null && _notBefore > 0)
            {
                long wait = _notBefore - _clock.NowMs;
                if (wait > 0) return StepResult.AgainLater((int)wait);
            }
            LastAction = null;
            LastException = null;
            try
            {
                StepResult r = Run();
                return r;
            }
            catch (Exception e)
            {
                LastError = e.Message;
                LastException = e;
                LastAction = "failed: " + e.Message;
                if (IsOffline(e)) return StepResult.AgainWhenOnline;
                int delay = _backoff.NextDelay();
                if (_clock != null) _notBefore = _clock.NowMs + delay;
                // Start over from the boot step: the card may have been reset, the channel lost.
                _state = _es10.IsOpen ? StNotify : StBoot;
                return StepResult.AgainLater(delay);
            }
        }

        /// <summary>Runs Steps until the engine is idle or must wait; for the firmware's synchronous
        /// IProvisioner calls. Returns the result that stopped it.</summary>
        public StepResult RunUntilWait(int maxSteps)
        {
            StepResult r = StepResult.Again;
            for (int i = 0; i < maxSteps; i++)
            {
                r = Step();
                if (r.Kind != StepResult.KindAgain) return r;
            }
            return r;
        }

        private bool IsOffline(Exception e)
        {
            if (Connectivity == null || Connectivity.IsOnline) return false;
            var re = e as Es9PlusException;
            if (re != null && re.Kind == RemoteErrorKind.Transport) return true;
            var de = e as DownloadException;
            return de != null && de.IsTransient;
        }

        private StepResult Run()
        {
            switch (_state)
            {
                case StBoot:
                    Boot();
                    LastAction = "boot: EID " + Hex.Encode(Eid) + (EimAddress != null ? ", eIM " + EimAddress : ", no eIM");
                    _state = StNotify;
                    return StepResult.Again;
                case StNotify:
                    if (Connectivity != null && !Connectivity.IsOnline) { LastAction = "offline"; return StepResult.AgainWhenOnline; }
                    var nd = Notifications();
                    nd.Run();
                    LastAction = "notifications: " + nd.Delivered.ToString() + " delivered";
                    _packagesThisRound = 0;
                    _state = EimAddress != null ? StPollEim : StCheckProfiles;
                    return StepResult.Again;
                case StPollEim: return PollEim();
                case StCheckProfiles: return CheckProfiles();
                default:
                    // Idle: a new call starts the next poll round.
                    LastAction = "new round";
                    _state = StNotify;
                    return StepResult.Again;
            }
        }

        private void Boot()
        {
            _es10.Open();
            Eid = Es10c.GetEid(_es10);
            if (_cfg.EimFqdn != null)
            {
                EimAddress = _cfg.EimFqdn;
                EimId = _cfg.EimId;
            }
            else
            {
                EimAddress = null;
                try
                {
                    var conf = Es10bIot.GetEimConfigurationData(_es10);
                    if (conf.EimConfigurations.Count > 0)
                    {
                        var c = (EimConfigurationData)conf.EimConfigurations[0];
                        EimAddress = c.EimFqdn;
                        EimId = c.EimId;
                    }
                }
                catch (Es10Exception) { } // an SGP.22-only card: no eIM
                catch (DerException) { }
            }
            ResumeInterruptedDownload();
            ResumeEuiccPackageResult();
        }

        private NotificationDelivery Notifications()
        {
            var d = new NotificationDelivery(_es10, _store);
            if (EimAddress != null) d.Esipa = Esipa();
            else d.Es9 = new Es9PlusClient(_http, _cfg.Scheme);
            return d;
        }

        private EsipaClient Esipa()
        {
            var c = new EsipaClient(_http, EimAddress, _cfg.Scheme);
            c.Version = _cfg.EsipaVersion;
            return c;
        }

        private StepResult Done(int pollMs)
        {
            _backoff.Reset();
            _notBefore = 0;
            LastError = null;
            _state = StIdle;
            return StepResult.Idle;
        }

        // ---- eIM ----

        private StepResult PollEim()
        {
            if (_packagesThisRound >= _cfg.MaxPackagesPerPoll) return Done(_cfg.PollIntervalMs);
            var esipa = Esipa();
            var resp = esipa.GetEimPackage(Eid, -1);
            _packagesThisRound++;
            switch (resp.PackageKind)
            {
                case Tags.Integer:
                    if (resp.EimPackageError == GetEimPackageResponse.NoEimPackageAvailable) { LastAction = "eIM: no package"; return Done(_cfg.PollIntervalMs); }
                    throw new EsipaException("GetEimPackage", RemoteErrorKind.FunctionFailed, resp.EimPackageError, 200, "eimPackageError " + resp.EimPackageError.ToString(), null);
                case RspTags.EuiccPackage:
                    HandleEuiccPackage(esipa, esipa.LastPackageBytes);
                    LastAction = "eIM: eUICC package executed, result provided";
                    break;
                case RspTags.IpaEuiccData:
                    HandleIpaEuiccData(esipa, resp.IpaEuiccDataRequest);
                    LastAction = "eIM: IPA/eUICC data provided";
                    break;
                case RspTags.ProfileDownloadTrigger:
                    HandleDownloadTrigger(esipa, resp.ProfileDownloadTriggerRequest);
                    LastAction = "eIM: profile download trigger: installed " + IccidText(LastInstalledIccid) + (_cfg.IndirectDownload ? " (indirect)" : " (direct)");
                    break;
            }
            _backoff.Reset();
            // Deliver whatever the package produced, then ask the eIM again.
            _state = StNotify;
            return StepResult.Again;
        }

        private void HandleEuiccPackage(EsipaClient esipa, byte[] request)
        {
            byte[] result = Es10bIot.LoadEuiccPackage(_es10, request);
            // Kept until the eIM has it: a reboot re-sends instead of losing the result.
            _store.Write(KeyEpr, result);
            ProvideEpr(esipa, result);
        }

        private void ProvideEpr(EsipaClient esipa, byte[] eprBytes)
        {
            var p = new ProvideEimPackageResult();
            p.Eid = Eid;
            p.Result = new EimPackageResult();
            p.Result.Kind = EimPackageResult.KindEuiccPackageResult;
            Sgp32Version v = _cfg.EsipaVersion;
            p.Result.EuiccPackageResult = EuiccPackageResult.Decode(eprBytes);
            var resp = esipa.ProvideEimPackageResult(p);
            _store.Delete(KeyEpr);
            Acknowledge(resp.Acknowledgements);
            ProfileChanged = true;
        }

        private void Acknowledge(EimAcknowledgements acks)
        {
            if (acks == null) return;
            for (int i = 0; i < acks.SequenceNumbers.Count; i++)
                Es10b.RemoveNotificationFromList(_es10, (int)(long)acks.SequenceNumbers[i]);
        }

        private void ResumeEuiccPackageResult()
        {
            byte[] epr = _store.Read(KeyEpr);
            if (epr == null || EimAddress == null) return;
            ProvideEpr(Esipa(), epr);
        }

        /// <summary>IpaEuiccDataRequest (SGP.32 §2.11.2.2): answer the requested tags from ES10 calls.</summary>
        private void HandleIpaEuiccData(EsipaClient esipa, IpaEuiccDataRequest req)
        {
            var data = new IpaEuiccDataResponse();
            byte[] tags = req.TagList == null ? new byte[0] : req.TagList;
            for (int i = 0; i < tags.Length; i++)
            {
                int tag = tags[i];
                if ((tag & 0x1F) == 0x1F && i + 1 < tags.Length) { tag = (tag << 8) | tags[++i]; }
                byte[] tlv = IpaEuiccElement(tag);
                if (tlv != null) data.Elements.Add(tlv);
            }
            var p = new ProvideEimPackageResult();
            p.Eid = Eid;
            p.Result = new EimPackageResult();
            p.Result.Kind = EimPackageResult.KindIpaEuiccDataResponse;
            p.Result.IpaEuiccDataResponse = data;
            Acknowledge(esipa.ProvideEimPackageResult(p).Acknowledgements);
        }

        private byte[] IpaEuiccElement(int tag)
        {
            switch (tag)
            {
                case RspTags.EuiccInfo1: return Es10b.GetEuiccInfo1Raw(_es10);
                case RspTags.EuiccInfo2: return Es10b.GetEuiccInfo2Raw(_es10);
                case 0x80:
                case 0x81:
                    {
                        var a = Es10a.GetEuiccConfiguredAddresses(_es10);
                        string addr = tag == 0x81 ? a.DefaultDpAddress : a.DefaultDpAddress;
                        return addr == null ? null : Der.Encode(tag, System.Text.Encoding.UTF8.GetBytes(addr));
                    }
                case 0x83:
                    {
                        var a = Es10a.GetEuiccConfiguredAddresses(_es10);
                        return a.RootDsAddress == null ? null : Der.Encode(0x83, System.Text.Encoding.UTF8.GetBytes(a.RootDsAddress));
                    }
                case 0xA5:
                case 0xA6:
                    {
                        var c = Es10bIot.GetCertificates(_es10, null);
                        byte[] cert = tag == 0xA5 ? c.EumCertificate : c.EuiccCertificate;
                        if (cert == null) return null;
                        var t = TlvReader.Parse(cert);
                        return Der.Encode(tag, Bytes.Slice(cert, t.ValueOffset, t.Length));
                    }
                default: return null; // not supported by this IPA: left out, the eIM sees what it got
            }
        }

        private void HandleDownloadTrigger(EsipaClient esipa, ProfileDownloadTriggerRequest trig)
        {
            string smdp = null, matchingId = null;
            if (trig.ActivationCode != null)
            {
                var ac = ActivationCode.Parse(trig.ActivationCode);
                smdp = ac.SmdpAddress;
                matchingId = ac.MatchingId;
            }
            else if (trig.DataKind == ProfileDownloadTriggerRequest.DataContactSmds)
            {
                // contactSmds: the eIM names the SM-DS (or leaves it to the eUICC's root SM-DS); the event found
                // there gives the SM-DP+ and the matching ID (SGP.32 §3.2.3, SGP.22 3.6.3).
                string smds = trig.SmdsAddress;
                if (smds == null || smds.Length == 0) smds = Es10a.GetEuiccConfiguredAddresses(_es10).RootDsAddress;
                if (smds == null || smds.Length == 0) throw new DownloadException("contactSmds without an SM-DS address", null, false);
                var ev = DiscoverEvent(smds);
                if (ev == null) throw new DownloadException("no event for this eUICC at the SM-DS " + smds, null, true);
                smdp = ev.RspServerAddress;
                matchingId = ev.EventId;
            }
            else
            {
                smdp = Es10a.GetEuiccConfiguredAddresses(_es10).DefaultDpAddress;
            }
            if (smdp == null || smdp.Length == 0) throw new DownloadException("ProfileDownloadTrigger without an SM-DP+ address", null, false);
            var dl = NewDownload();
            byte[] pir = _cfg.IndirectDownload
                ? dl.Indirect(esipa, smdp, matchingId, trig.EimTransactionId)
                : dl.Direct(new Es9PlusClient(_http, _cfg.Scheme), smdp, matchingId);
            ProfileChanged = true;
            LastInstalledIccid = IccidOf(pir);
            DeliverPir(pir);
            if (trig.EimTransactionId != null)
            {
                var p = new ProvideEimPackageResult();
                p.Eid = Eid;
                p.Result = new EimPackageResult();
                p.Result.Kind = EimPackageResult.KindProfileDownloadTriggerResult;
                p.Result.ProfileDownloadTriggerResult = new ProfileDownloadTriggerResult();
                p.Result.ProfileDownloadTriggerResult.EimTransactionId = trig.EimTransactionId;
                p.Result.ProfileDownloadTriggerResult.ProfileInstallationResult = pir;
                Acknowledge(esipa.ProvideEimPackageResult(p).Acknowledgements);
            }
        }

        /// <summary>The install notification goes out right away (it is what the server waits for).</summary>
        private void DeliverPir(byte[] pir)
        {
            Notifications().DeliverInstallResult(pir);
        }

        private static string IccidText(byte[] iccid)
        {
            if (iccid == null) return "(no ICCID)";
            try { return Iccid.FromBytes(iccid); } catch (DerException) { return Hex.Encode(iccid); }
        }

        private static byte[] IccidOf(byte[] pir)
        {
            var md = ProfileInstallationResult.Decode(pir).Data.NotificationMetadata;
            return md == null ? null : md.Iccid;
        }

        private ProfileDownload NewDownload()
        {
            var dl = new ProfileDownload(_es10);
            dl.DeviceInfo = _cfg.DeviceInfo;
            dl.ConfirmationCode = _cfg.ConfirmationCode;
            dl.Crypto = Crypto;
            dl.Journal = this;
            return dl;
        }

        // ---- no eIM: activation code or SM-DS ----

        private StepResult CheckProfiles()
        {
            var list = Es10c.GetProfilesInfo(_es10, null);
            for (int i = 0; i < list.Profiles.Count; i++)
                if (list.Get(i).ProfileState == 1) { LastAction = "profile " + list.Get(i).IccidString + " is enabled: nothing to do"; return Done(_cfg.PollIntervalMs); }

            // A profile installed earlier but never enabled (the process died between install and enable, or
            // its notification failed): enable it rather than spend the activation code again, which the
            // SM-DP+ would refuse (matching ID already used).
            if (_cfg.EnableAfterDownload)
            {
                for (int i = 0; i < list.Profiles.Count; i++)
                {
                    var pi = list.Get(i);
                    if (pi.ProfileState != 0 || pi.ProfileClass == 1 || pi.Iccid == null) continue;
                    int er = Es10c.EnableProfile(_es10, pi.Iccid, true);
                    if (er != 0) throw new Es10Exception("EnableProfile answered " + er.ToString(), 0);
                    ProfileChanged = true;
                    LastAction = "enabled installed profile " + pi.IccidString;
                    _state = StNotify;
                    _backoff.Reset();
                    return StepResult.Again;
                }
            }

            string smdp = null, matchingId = null;
            if (_cfg.ActivationCode != null)
            {
                var ac = ActivationCode.Parse(_cfg.ActivationCode);
                smdp = ac.SmdpAddress;
                matchingId = ac.MatchingId;
            }
            else
            {
                string smds = _cfg.SmdsAddress;
                if (smds == null) smds = Es10a.GetEuiccConfiguredAddresses(_es10).RootDsAddress;
                if (smds == null || smds.Length == 0) { LastAction = "no profile enabled, no activation code or SM-DS: nothing to do"; return Done(_cfg.PollIntervalMs); }
                var ev = DiscoverEvent(smds);
                if (ev == null) { LastAction = "SM-DS " + smds + ": no event"; return Done(_cfg.PollIntervalMs); }
                smdp = ev.RspServerAddress;
                matchingId = ev.EventId;
            }
            byte[] pir = NewDownload().Direct(new Es9PlusClient(_http, _cfg.Scheme), smdp, matchingId);
            ProfileChanged = true;
            LastInstalledIccid = IccidOf(pir);
            DeliverPir(pir);
            LastAction = "downloaded " + IccidText(LastInstalledIccid) + " from " + smdp;
            if (_cfg.EnableAfterDownload)
            {
                var iccid = ProfileInstallationResult.Decode(pir).Data.NotificationMetadata.Iccid;
                int res = Es10c.EnableProfile(_es10, iccid, true);
                if (res != 0) throw new Es10Exception("EnableProfile answered " + res.ToString(), 0);
                LastAction += ", enabled";
            }
            // The enable produced a notification of its own: deliver it in the next round.
            _state = StNotify;
            _backoff.Reset();
            return StepResult.Again;
        }

        /// <summary>ES11 event retrieval (SGP.22 3.6.3): the first pending event, or null.</summary>
        private IotEsim.Rsp.Es11.Es11EventEntry DiscoverEvent(string smds)
        {
            var events = EventRetrieval.Retrieve(_es10, new Es11Client(_http, _cfg.Scheme), smds, _cfg.DeviceInfo);
            return events.Length == 0 ? null : events[0];
        }

        // ---- journal of the download in flight ----

        void IDownloadJournal.Begin(string serverAddress, byte[] transactionId)
        {
            _store.Write(KeyDownload, System.Text.Encoding.UTF8.GetBytes(serverAddress + "\n" + Hex.Encode(transactionId)));
        }

        void IDownloadJournal.End()
        {
            _store.Delete(KeyDownload);
        }

        /// <summary>A reboot in the middle of a download: cancel the session on the eUICC (reason
        /// timeout) and, best effort, at the SM-DP+, so neither keeps a half-done session.</summary>
        private void ResumeInterruptedDownload()
        {
            byte[] j = _store.Read(KeyDownload);
            if (j == null) return;
            string s = new string(System.Text.Encoding.UTF8.GetChars(j));
            int nl = s.IndexOf('\n');
            if (nl > 0)
            {
                string server = s.Substring(0, nl);
                byte[] txId = Hex.Decode(s.Substring(nl + 1));
                try
                {
                    IotEsim.Rsp.Messages.CancelSessionResponse decoded;
                    byte[] csr = Es10b.CancelSession(_es10, txId, CancelSessionReason.Timeout, out decoded);
                    if (decoded.IsOk)
                    {
                        if (EimAddress != null && _cfg.IndirectDownload) Esipa().CancelSession(txId, csr);
                        else new Es9PlusClient(_http, _cfg.Scheme).CancelSession(server, s.Substring(nl + 1), csr);
                    }
                }
                catch (Exception) { }
            }
            _store.Delete(KeyDownload);
        }
    }
}

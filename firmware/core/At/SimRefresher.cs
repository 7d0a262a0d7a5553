using System;

namespace IotEsim.Firmware.At
{
    /// <summary>
    /// Makes the modem re-read the eUICC after a profile change (SGP.32 leaves the refresh to the device:
    /// the IoT Device resets the UICC when the enable/disable result asks for it). Runs the profile's refresh
    /// method, then polls AT+CPIN? until READY.
    /// </summary>
    public class SimRefresher
    {
        private readonly AtChannel _at;
        private readonly ModemProfile _profile;

        public SimRefresher(AtChannel at, ModemProfile profile)
        {
            _at = at;
            _profile = profile;
        }

        /// <summary>Returns true when the SIM reported READY within the profile's refresh timeout.</summary>
        public bool Refresh()
        {
            string[] commands;
            if (_profile.SimRefresh == ModemProfile.RefreshCfunReset) commands = new string[] { "AT+CFUN=1,1" };
            else if (_profile.SimRefresh == ModemProfile.RefreshCommand && _profile.SimRefreshCommands != null) commands = _profile.SimRefreshCommands;
            else commands = new string[] { "AT+CFUN=0", "AT+CFUN=1" };
            for (int i = 0; i < commands.Length; i++)
            {
                try
                {
                    if (!_at.Send(commands[i], _profile.RefreshTimeoutMs).IsOk) return false;
                }
                catch (AtTimeoutException) { return false; }
            }
            return WaitReady();
        }

        public bool WaitReady()
        {
            long deadline = _at.Clock.NowMs + _profile.RefreshTimeoutMs;
            while (_at.Clock.NowMs < deadline)
            {
                try
                {
                    AtResponse r = _at.Send("AT+CPIN?", "+CPIN:", _profile.AtTimeoutMs, false);
                    if (r.IsOk && r.First != null && r.First.IndexOf("READY") >= 0) return true;
                }
                catch (AtTimeoutException) { }
                // Let the modem boot: wait for a URC instead of hammering it.
                _at.WaitForUrc("+CPIN: READY", 1000);
            }
            return false;
        }
    }
}

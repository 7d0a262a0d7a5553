using System;
using System.Threading;
using IotEsim.Firmware.Config;
using IotEsim.Firmware.Runtime;
using nanoFramework.Networking;

namespace IotEsim.Firmware.Device
{
    /// <summary>Wi-Fi station with DHCP. Waits for a valid date/time too: TLS certificate checks need it.</summary>
    public class WifiNetwork : INetwork
    {
        private readonly ILog _log;
        private bool _up;

        public WifiNetwork(ILog log)
        {
            _log = log;
        }

        public bool IsUp
        {
            get { return _up; }
        }

        public bool Connect(FirmwareConfig config)
        {
            var cts = new CancellationTokenSource(60000);
            _up = WifiNetworkHelper.ConnectDhcp(config.WifiSsid, config.WifiPassword, requiresDateTime: true, token: cts.Token);
            if (!_up && _log != null)
            {
                Exception e = WifiNetworkHelper.HelperException;
                _log.Warn("Wi-Fi: " + (e == null ? "no connection" : e.Message));
            }
            return _up;
        }
    }
}

using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using IotEsim.Ipa.Http;

namespace IotEsim.Firmware.Device
{
    /// <summary>
    /// <see cref="IHttpTransport"/> over nanoFramework's HttpWebRequest (ESP32, mbedTLS). TLS is verified against the
    /// CA certificate deployed to I:\ (config key tls.ca; nanoFramework takes one root per request in
    /// HttpsAuthentCert, so the first file is used). The response body is handed over as the network stream, so a
    /// Bound Profile Package streams to the eUICC without being held in RAM (an ESP32 without PSRAM has ~100 KB of
    /// managed heap; a BPP is 10-60 KB, its base64 JSON a third more).
    /// </summary>
    public class NanoHttpTransport : IHttpTransport
    {
        /// <summary>Connect + request. Shorter than the watchdog (90 s default) so a dead server fails a step instead of rebooting the chip.</summary>
        public const int TimeoutMs = 40000;

        private readonly X509Certificate _ca;

        public NanoHttpTransport(byte[] caCertificate)
        {
            _ca = caCertificate == null ? null : new X509Certificate(caCertificate);
        }

        public HttpResponse Post(string url, string[] headerNames, string[] headerValues, byte[] body)
        {
            HttpWebRequest req;
            try
            {
                req = (HttpWebRequest)WebRequest.Create(url);
                req.Method = "POST";
                req.Timeout = TimeoutMs;
                req.ReadWriteTimeout = TimeoutMs;
                req.KeepAlive = false;
                if (_ca != null)
                {
                    req.HttpsAuthentCert = _ca;
                    req.SslVerification = SslVerification.CertificateRequired;
                }
                for (int i = 0; i < headerNames.Length; i++)
                {
                    if (headerNames[i].ToLower() == "content-type") req.ContentType = headerValues[i];
                    else req.Headers.Add(headerNames[i], headerValues[i]);
                }
                byte[] b = body == null ? new byte[0] : body;
                req.ContentLength = b.Length;
                Stream s = req.GetRequestStream();
                s.Write(b, 0, b.Length);
                s.Close();
            }
            catch (Exception e)
            {
                throw new HttpTransportException("POST " + url + ": " + e.Message, e);
            }
            HttpWebResponse resp;
            try
            {
                resp = (HttpWebResponse)req.GetResponse();
            }
            catch (WebException e)
            {
                resp = e.Response as HttpWebResponse;
                if (resp == null) throw new HttpTransportException("POST " + url + ": " + e.Message, e.Status == WebExceptionStatus.Timeout);
            }
            catch (Exception e)
            {
                throw new HttpTransportException("POST " + url + ": " + e.Message, e);
            }
            string[] names = new string[] { "Content-Type", "X-Admin-Protocol" };
            string[] values = new string[] { resp.ContentType, resp.GetResponseHeader("X-Admin-Protocol") };
            return new HttpResponse((int)resp.StatusCode, names, values, resp.GetResponseStream(), resp);
        }
    }
}

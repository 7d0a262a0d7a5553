using System;
using System.IO;

namespace IotEsim.Ipa.Http
{
    /// <summary>
    /// One HTTP POST, as the RSP bindings need it (ES9+, ES11, ESipa are all POST). Implemented on the
    /// desktop with HttpClient (TLS verified against configured CA files, --resolve overrides) and on
    /// the device with nanoFramework's HttpClient. The response body is a stream read while it arrives,
    /// so the IPA can pass a Bound Profile Package to the eUICC without holding it.
    /// </summary>
    public interface IHttpTransport
    {
        /// <summary>POSTs <paramref name="body"/> to <paramref name="url"/>. Throws
        /// <see cref="HttpTransportException"/> for connection failures, timeouts and TLS errors;
        /// any HTTP status is returned as a response.</summary>
        HttpResponse Post(string url, string[] headerNames, string[] headerValues, byte[] body);
    }

    /// <summary>A received response; dispose it to release the connection.</summary>
    public sealed class HttpResponse : IDisposable
    {
        private readonly string[] _names;
        private readonly string[] _values;
        private readonly IDisposable _owner;

        public HttpResponse(int statusCode, string[] headerNames, string[] headerValues, Stream body, IDisposable owner)
        {
            StatusCode = statusCode;
            _names = headerNames ?? new string[0];
            _values = headerValues ?? new string[0];
            Body = body;
            _owner = owner;
        }

        public int StatusCode { get; private set; }
        public Stream Body { get; private set; }

        /// <summary>First value of a header (case-insensitive name), or null.</summary>
        public string Header(string name)
        {
            string lower = name.ToLower();
            for (int i = 0; i < _names.Length; i++)
                if (_names[i].ToLower() == lower) return _values[i];
            return null;
        }

        public string ContentType
        {
            get { return Header("Content-Type"); }
        }

        public void Dispose()
        {
            if (Body != null) Body.Dispose();
            if (_owner != null) _owner.Dispose();
        }
    }

    public class HttpTransportException : Exception
    {
        /// <summary>True when the server did not answer in time (worth retrying later).</summary>
        public bool IsTimeout { get; private set; }

        public HttpTransportException(string message, bool isTimeout) : base(message)
        {
            IsTimeout = isTimeout;
        }

        public HttpTransportException(string message, Exception inner) : base(message, inner) { }
    }
}

namespace PromptGen.Telemetry;

/// <summary>Finds the API key of the <see cref="ChatClient"/> a transport sends through, so that telemetry masks it without being told.</summary>
internal static class TransportKeys
{
    /// <summary>
    /// The key redactor of the <see cref="ChatClient"/> under <paramref name="transport"/>, looking through PromptGen's own
    /// wrappers (<see cref="ToolLoop"/>, an instrumented transport); <see langword="null"/> when none is found (a transport
    /// of another kind: its replies still hand their client's redactor over, see <see cref="ChatObservation"/>).
    /// </summary>
    public static Redactor? KeyOf(IChatTransport transport)
    {
        for (var depth = 0; depth < 16; depth++)
        {
            switch (transport)
            {
                case ChatClient client:
                    return client.Redactor;
                case ToolLoop loop:
                    transport = loop.Transport;
                    break;
                case InstrumentedTransport instrumented:
                    transport = instrumented.Inner;
                    break;
                default:
                    return null;
            }
        }

        return null;
    }
}

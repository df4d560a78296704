using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;

namespace PromptGen;

/// <summary>
/// Checks every value <see cref="ChatClient"/> turns into a request header — <see cref="ChatClientOptions.ApiKey"/>,
/// <see cref="ChatClientOptions.Organization"/>, <see cref="ChatClientOptions.Project"/>, each of
/// <see cref="ChatClientOptions.Headers"/>, and the supplied HttpClient's default request headers — before any is sent.
/// </summary>
/// <remarks>
/// Headers are added without the framework's validation (it would reject ordinary provider values), so this is the one
/// place that keeps a value from ending its header early (CR, LF: the rest would be sent as headers of their own) or
/// failing inside the handler on every attempt (a character that is not ASCII). White space around a value — the newline
/// <c>File.ReadAllText</c> leaves after a key — is removed, as it is for <c>OPENAI_API_KEY</c> and configuration; what
/// remains must be printable ASCII. The messages name the option and the character's code and position, never the value
/// (it may be a secret).
/// </remarks>
internal static class HeaderValues
{
    /// <summary>
    /// <paramref name="value"/> without the white space around it, or <see langword="null"/> when nothing is left.
    /// </summary>
    /// <param name="value">The value as set.</param>
    /// <param name="option">Where it was set, for the message: <c>ChatClientOptions.ApiKey</c>, <c>ChatClientOptions.Headers["api-key"]</c>.</param>
    /// <param name="header">The header it becomes, for the message.</param>
    /// <exception cref="ArgumentException">A control character or a character that is not ASCII remains.</exception>
    public static string? Clean(string? value, string option, string header)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        Check(trimmed, option, header);
        return trimmed;
    }

    /// <summary>Throws when <paramref name="value"/> holds a character a header value cannot carry.</summary>
    /// <exception cref="ArgumentException">A control character (a line break among them) or a character that is not ASCII.</exception>
    public static void Check(string value, string option, string header, string parameter = "options")
    {
        if (Problem(value, option, header) is { } problem)
        {
            throw new ArgumentException(problem, parameter);
        }
    }

    /// <summary>
    /// What is wrong with <paramref name="value"/> as the value of <paramref name="header"/>, set at
    /// <paramref name="option"/>: a sentence naming the option and the character (never the value), or <see langword="null"/>.
    /// </summary>
    public static string? Problem(string value, string option, string header)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is >= ' ' and <= '~' || c == '\t')
            {
                continue;
            }

            var where = $"(U+{(int)c:X4}, character {(i + 1).ToString(CultureInfo.InvariantCulture)} of {value.Length.ToString(CultureInfo.InvariantCulture)})";
            var what = c is '\r' or '\n'
                ? $"contains a line break {where}, which would end the {header} header early and send the rest as headers of their own. A value must be one line: remove the line break (white space around the value is ignored, so a trailing newline from a file is fine)."
                : c < ' ' || c == '\u007F'
                    ? $"contains the control character {where}, which the {header} header cannot carry. Remove it."
                    : $"contains a character that is not ASCII {where}; HTTP header values must be ASCII, so the {header} header could never be sent. It is often a typographic quote, dash or invisible space pasted with the value: type the value again.";
            return $"{option} {what}";
        }

        return null;
    }

    /// <summary>
    /// After a send failed: the first header of <paramref name="request"/> (as the HttpClient's handlers left it) whose
    /// value no handler could write, described, or <see langword="null"/>. A handler that adds such a header makes every
    /// attempt fail before anything reaches the server, which is no network failure.
    /// </summary>
    public static string? ProblemAfterSend(HttpRequestMessage request)
    {
#if NET
        foreach (var header in request.Headers.NonValidated)
#else
        foreach (var header in request.Headers)
#endif
        {
            foreach (var value in header.Value)
            {
                if (Problem(value, $"The request header {header.Key}, added by a handler of the HttpClient,", header.Key) is { } problem)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    /// <summary>Checks the default request headers of an HttpClient given to the client: they are sent with every request too.</summary>
    /// <exception cref="ArgumentException">A value holds a character a header cannot carry.</exception>
    public static void CheckDefaults(HttpRequestHeaders defaults)
    {
#if NET
        foreach (var header in defaults.NonValidated)
#else
        foreach (var header in defaults)
#endif
        {
            foreach (var value in header.Value)
            {
                Check(value, $"The HttpClient's DefaultRequestHeaders[\"{header.Key}\"]", header.Key, "httpClient");
            }
        }
    }
}

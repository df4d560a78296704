using System;

namespace PromptGen;

/// <summary>
/// A URL as PromptGen shows it (messages, <c>ToString()</c>): the user-info part (<c>user:password@</c>, where a key is
/// sometimes put) replaced by <c>[redacted]@</c>, so that no credential in a base URL is ever printed.
/// </summary>
internal static class UrlText
{
    /// <summary><paramref name="url"/> as text, its user-info masked.</summary>
    public static string Show(Uri url)
    {
        return url.IsAbsoluteUri && url.UserInfo.Length == 0 ? url.ToString() : Show(url.ToString());
    }

    /// <summary>
    /// <paramref name="text"/> (a URL as written, perhaps not a valid one) with anything between <c>://</c> and an <c>@</c>
    /// before the next <c>/</c>, <c>?</c> or <c>#</c> replaced by <c>[redacted]</c>. Text without <c>://</c> has no
    /// user-info (<c>mailto:cat@example.com</c> stays as it is).
    /// </summary>
    public static string Show(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return text;
        }

        var start = scheme + 3;
        var end = text.IndexOfAny(new[] { '/', '?', '#' }, start);
        var limit = end < 0 ? text.Length : end;
        var at = limit > start ? text.LastIndexOf('@', limit - 1, limit - start) : -1;
        return at < 0 ? text : text.Substring(0, start) + Redactor.Mask + text.Substring(at);
    }
}

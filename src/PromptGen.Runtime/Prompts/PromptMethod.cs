using System;

namespace PromptGen;

/// <summary>
/// Which generated prompt method a request comes from, and the version of that method's prompt. Generated clients keep
/// one instance per method and set it on every request they build (<see cref="ChatRequest.PromptMethod"/>); logs,
/// traces and results (<see cref="ChatResult{T}.PromptVersion"/>) read it from there. It is never sent to the server.
/// </summary>
/// <remarks>
/// <see cref="Version"/> is computed by the generator at build time: a hash of everything about the prompt that is fixed
/// in the declaration (message templates, few-shot examples, settings, response format and schema). It changes exactly
/// when one of those does, so it can tell apart replies produced by different prompt definitions (in logs, evaluations
/// and cache keys); it does not change when only code outside the prompt's strings changes.
/// </remarks>
public sealed class PromptMethod
{
    /// <summary>Describes one prompt method.</summary>
    /// <param name="interfaceName">The declaring interface's full name, without <c>global::</c> (<c>Demo.ITutor</c>).</param>
    /// <param name="methodName">The method's name (<c>ExplainAsync</c>).</param>
    /// <param name="version">The prompt version: 12 lowercase hexadecimal characters from the generator.</param>
    /// <exception cref="ArgumentException">A name or the version is null or empty.</exception>
    public PromptMethod(string interfaceName, string methodName, string version)
    {
        InterfaceName = string.IsNullOrEmpty(interfaceName) ? throw new ArgumentException("The interface name must not be empty.", nameof(interfaceName)) : interfaceName;
        MethodName = string.IsNullOrEmpty(methodName) ? throw new ArgumentException("The method name must not be empty.", nameof(methodName)) : methodName;
        Version = string.IsNullOrEmpty(version) ? throw new ArgumentException("The prompt version must not be empty.", nameof(version)) : version;
        FullName = interfaceName + "." + methodName;
    }

    /// <summary>The declaring interface's full name (<c>Demo.ITutor</c>).</summary>
    public string InterfaceName { get; }

    /// <summary>The method's name (<c>ExplainAsync</c>).</summary>
    public string MethodName { get; }

    /// <summary>The interface's full name and the method's name (<c>Demo.ITutor.ExplainAsync</c>): the <c>code.function.name</c> of the method's span.</summary>
    public string FullName { get; }

    /// <summary>The prompt version (12 hexadecimal characters), as the generated <c>{Method}PromptVersion</c> constant.</summary>
    public string Version { get; }

    /// <summary><see cref="FullName"/> and <see cref="Version"/>: <c>Demo.ITutor.ExplainAsync@1a2b3c4d5e6f</c>.</summary>
    public override string ToString() => FullName + "@" + Version;
}

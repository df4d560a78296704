using System;

namespace PromptGen.Testing;

/// <summary>
/// Asks PromptGen to generate a fake of a prompt interface in this assembly, for application tests:
/// <c>[assembly: PromptFake(typeof(ITutor))]</c> in the test project generates <c>FakeTutor : ITutor</c> in the
/// interface's namespace. Each method of the fake is set up and read back through a member of the same name
/// (<c>tutor.ExplainAsync.Returns("…")</c>, <c>tutor.ExplainAsync.Calls</c>).
/// </summary>
/// <remarks>
/// Fakes are generated only where this attribute is written, never next to the interface: the application assembly
/// ships without them, and the test assembly gets them from the referenced assembly's metadata, so the interface needs
/// no <c>InternalsVisibleTo</c> when it is public. The fake is named <c>Fake</c> followed by the interface's name without
/// its leading <c>I</c>; it is public when the interface is.
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class PromptFakeAttribute : Attribute
{
    /// <summary>Generates a fake of <paramref name="interfaceType"/>.</summary>
    /// <param name="interfaceType">The prompt interface, for example <c>typeof(ITutor)</c>.</param>
    public PromptFakeAttribute(Type interfaceType) => InterfaceType = interfaceType;

    /// <summary>The interface the fake implements.</summary>
    public Type InterfaceType { get; }
}

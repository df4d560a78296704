using System;

namespace PromptGen;

/// <summary>
/// Marks a <see langword="partial"/> interface whose methods PromptGen implements. The generator adds a nested
/// <c>Client</c> class to the interface: <c>ITutor tutor = new ITutor.Client(chatClient);</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class PromptClientAttribute : Attribute
{
    /// <summary>
    /// A <c>JsonSerializerContext</c> that registers every type the interface's JSON methods return. Replies are then
    /// deserialised through its source-generated metadata (trim- and AOT-safe), and a return type it does not register
    /// is a build error. Without one, replies are read with reflection-based System.Text.Json.
    /// </summary>
    public Type? JsonContext { get; set; }
}

/// <summary>
/// The system message. On the interface it is the default for every method; on a method it replaces the interface's.
/// The text is a template: <c>{{ name }}</c> inserts a parameter (see the template syntax in the README).
/// </summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, Inherited = false)]
public sealed class SystemPromptAttribute : Attribute
{
    /// <summary>Sets the system message template.</summary>
    public SystemPromptAttribute(string template) => Template = template;

    /// <summary>The template.</summary>
    public string Template { get; }
}

/// <summary>The user message, as a template over the method's parameters: <c>"What is {{ topic }}?"</c>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class UserPromptAttribute : Attribute
{
    /// <summary>Sets the user message template.</summary>
    public UserPromptAttribute(string template) => Template = template;

    /// <summary>The template.</summary>
    public string Template { get; }
}

/// <summary>
/// An example exchange sent before the conversation: a user message, then the assistant's reply.
/// Several examples are sent in declaration order. The texts are sent as written (not templates).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class FewShotAttribute : Attribute
{
    /// <summary>Sets the example.</summary>
    public FewShotAttribute(string user, string assistant)
    {
        User = user;
        Assistant = assistant;
    }

    /// <summary>The example user message.</summary>
    public string User { get; }

    /// <summary>The example assistant reply.</summary>
    public string Assistant { get; }
}

/// <summary>The model id. On the interface: the default for its methods; otherwise the client's default model is used.</summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, Inherited = false)]
public sealed class ModelAttribute : Attribute
{
    /// <summary>Sets the model id.</summary>
    public ModelAttribute(string name) => Name = name;

    /// <summary>The model id.</summary>
    public string Name { get; }
}

/// <summary>Sampling temperature, 0 to 2: lower is more focused, higher more varied.</summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, Inherited = false)]
public sealed class TemperatureAttribute : Attribute
{
    /// <summary>Sets the temperature.</summary>
    public TemperatureAttribute(double value) => Value = value;

    /// <summary>The temperature.</summary>
    public double Value { get; }
}

/// <summary>Nucleus sampling, 0 to 1: only tokens within this probability mass are considered.</summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, Inherited = false)]
public sealed class TopPAttribute : Attribute
{
    /// <summary>Sets top_p.</summary>
    public TopPAttribute(double value) => Value = value;

    /// <summary>The probability mass.</summary>
    public double Value { get; }
}

/// <summary>The most tokens the reply may have (sent as <c>max_completion_tokens</c> or <c>max_tokens</c>, see <see cref="ChatClientOptions.MaxTokensField"/>).</summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, Inherited = false)]
public sealed class MaxTokensAttribute : Attribute
{
    /// <summary>Sets the token limit.</summary>
    public MaxTokensAttribute(int value) => Value = value;

    /// <summary>The token limit.</summary>
    public int Value { get; }
}

/// <summary>Up to four sequences at which the model stops generating.</summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, Inherited = false)]
public sealed class StopAttribute : Attribute
{
    /// <summary>Sets the stop sequences.</summary>
    public StopAttribute(params string[] sequences) => Sequences = sequences;

    /// <summary>The stop sequences.</summary>
    public string[] Sequences { get; }
}

/// <summary>Frequency penalty, -2 to 2: positive values discourage repeating the same tokens.</summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, Inherited = false)]
public sealed class FrequencyPenaltyAttribute : Attribute
{
    /// <summary>Sets the penalty.</summary>
    public FrequencyPenaltyAttribute(double value) => Value = value;

    /// <summary>The penalty.</summary>
    public double Value { get; }
}

/// <summary>Presence penalty, -2 to 2: positive values encourage new topics.</summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, Inherited = false)]
public sealed class PresencePenaltyAttribute : Attribute
{
    /// <summary>Sets the penalty.</summary>
    public PresencePenaltyAttribute(double value) => Value = value;

    /// <summary>The penalty.</summary>
    public double Value { get; }
}

/// <summary>A seed for best-effort deterministic sampling.</summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, Inherited = false)]
public sealed class SeedAttribute : Attribute
{
    /// <summary>Sets the seed.</summary>
    public SeedAttribute(long value) => Value = value;

    /// <summary>The seed.</summary>
    public long Value { get; }
}

/// <summary>
/// How many replies to generate (<c>n</c>, 1 to 128). With more than one, the method returns
/// <c>Task&lt;IReadOnlyList&lt;T&gt;&gt;</c> and receives every choice.
/// </summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, Inherited = false)]
public sealed class ChoicesAttribute : Attribute
{
    /// <summary>Sets the number of choices.</summary>
    public ChoicesAttribute(int count) => Count = count;

    /// <summary>The number of choices.</summary>
    public int Count { get; }
}

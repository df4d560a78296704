using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PromptGen.Generator.Clients;

/// <summary>An attribute's constructor argument, with a way back to its source for diagnostics. Lives only inside the parser.</summary>
internal sealed class AttributeValue<T>
{
    private readonly AttributeData _attribute;

    public AttributeValue(T value, AttributeData attribute)
    {
        Value = value;
        _attribute = attribute;
    }

    public T Value { get; }

    /// <summary>The first argument's expression, or the attribute when there is no source for it.</summary>
    public Location? ArgumentLocation(CancellationToken cancellationToken = default)
    {
        var syntax = _attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        return syntax?.ArgumentList?.Arguments.FirstOrDefault()?.Expression.GetLocation() ?? syntax?.GetLocation();
    }

    /// <summary>The expression of argument <paramref name="index"/> (a <c>params</c> element), else the first argument's location.</summary>
    public Location? ArgumentLocation(int index, CancellationToken cancellationToken = default)
    {
        var syntax = _attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var arguments = syntax?.ArgumentList?.Arguments;
        return arguments is { } list && index < list.Count ? list[index].Expression.GetLocation() : ArgumentLocation(cancellationToken);
    }

    /// <summary>The first argument's expression syntax, when there is one.</summary>
    public ExpressionSyntax? ArgumentSyntax(CancellationToken cancellationToken) =>
        (_attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax)?.ArgumentList?.Arguments.FirstOrDefault()?.Expression;

    /// <summary>Locates template spans inside the first argument.</summary>
    public TemplateLocator LocationOf(CancellationToken cancellationToken) => new(ArgumentSyntax(cancellationToken), ArgumentLocation(cancellationToken));
}

/// <summary>The PromptGen attributes on one interface or method.</summary>
internal sealed class AttributeSet
{
    public AttributeValue<string>? SystemPrompt { get; private set; }

    public AttributeValue<string>? UserPrompt { get; private set; }

    /// <summary>The [FewShot] pairs in order; one shared empty list when there are none (most symbols: no list each).</summary>
    public IReadOnlyList<(string User, string Assistant)> FewShots => (IReadOnlyList<(string User, string Assistant)>?)_fewShots ?? NoFewShots;

    private static readonly (string User, string Assistant)[] NoFewShots = System.Array.Empty<(string, string)>();

    private List<(string User, string Assistant)>? _fewShots;

    public AttributeValue<string>? Model { get; private set; }

    public AttributeValue<double>? Temperature { get; private set; }

    public AttributeValue<double>? TopP { get; private set; }

    public AttributeValue<int>? MaxTokens { get; private set; }

    public AttributeValue<IReadOnlyList<string>>? Stop { get; private set; }

    public AttributeValue<double>? FrequencyPenalty { get; private set; }

    public AttributeValue<double>? PresencePenalty { get; private set; }

    public AttributeValue<long>? Seed { get; private set; }

    public AttributeValue<int>? Choices { get; private set; }

    /// <summary>Whether any request setting is written on this symbol (<see cref="Model"/> … <see cref="Choices"/>).</summary>
    public bool HasSettings => Model is not null || Temperature is not null || TopP is not null || MaxTokens is not null || Stop is not null
        || FrequencyPenalty is not null || PresencePenalty is not null || Seed is not null || Choices is not null;

    /// <summary>On an interface's set: the settings of its methods that write none, for replies and for streams (Parser.ReadSettings).</summary>
    internal SettingsSpec? InheritedSettings;

    /// <inheritdoc cref="InheritedSettings"/>
    internal SettingsSpec? InheritedStreamSettings;

    public static AttributeSet Read(ISymbol symbol)
    {
        var set = new AttributeSet();
        foreach (var attribute in symbol.GetAttributes())
        {
            var name = FullNames.OfPromptGenType(attribute.AttributeClass);
            if (name is null)
            {
                continue;
            }

            var args = attribute.ConstructorArguments;
            if (args.Length == 0 || args.Any(a => a.Kind == TypedConstantKind.Error))
            {
                continue;
            }

            switch (name)
            {
                case KnownNames.SystemPromptAttribute when args[0].Value is string text:
                    set.SystemPrompt = new(text, attribute);
                    break;
                case KnownNames.UserPromptAttribute when args[0].Value is string text:
                    set.UserPrompt = new(text, attribute);
                    break;
                case KnownNames.FewShotAttribute when args.Length == 2 && args[0].Value is string user && args[1].Value is string assistant:
                    (set._fewShots ??= new()).Add((user, assistant));
                    break;
                case KnownNames.ModelAttribute when args[0].Value is string or null: // null is kept: PG0038 reports it
                    set.Model = new(args[0].Value as string ?? "", attribute);
                    break;
                case KnownNames.TemperatureAttribute when args[0].Value is double value:
                    set.Temperature = new(value, attribute);
                    break;
                case KnownNames.TopPAttribute when args[0].Value is double value:
                    set.TopP = new(value, attribute);
                    break;
                case KnownNames.MaxTokensAttribute when args[0].Value is int value:
                    set.MaxTokens = new(value, attribute);
                    break;
                case KnownNames.StopAttribute when args[0].Kind == TypedConstantKind.Array:
                    // [Stop(null!)] reads as no sequences, as [Stop()] does: PG0021, never a silent nothing.
                    set.Stop = new(args[0].IsNull ? new List<string>() : args[0].Values.Select(v => v.Value as string ?? "").ToList(), attribute);
                    break;
                case KnownNames.FrequencyPenaltyAttribute when args[0].Value is double value:
                    set.FrequencyPenalty = new(value, attribute);
                    break;
                case KnownNames.PresencePenaltyAttribute when args[0].Value is double value:
                    set.PresencePenalty = new(value, attribute);
                    break;
                case KnownNames.SeedAttribute when args[0].Value is long value:
                    set.Seed = new(value, attribute);
                    break;
                case KnownNames.ChoicesAttribute when args[0].Value is int value:
                    set.Choices = new(value, attribute);
                    break;
            }
        }

        return set;
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace PromptGen.Generator.Json;

/// <summary>DataAnnotations attributes, as schema keywords (the validation rules; strict mode gets the subset it accepts).</summary>
internal static class DataAnnotations
{
    public const string Required = "System.ComponentModel.DataAnnotations.RequiredAttribute";
    private const string Prefix = "System.ComponentModel.DataAnnotations.";

    public static void Apply(ISymbol member, ITypeSymbol memberType, SchemaNode schema)
    {
        var type = BaseType(schema);
        foreach (var attribute in member.GetAttributes())
        {
            var name = attribute.AttributeClass?.ToDisplayString();
            if (name is null || !name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var args = attribute.ConstructorArguments;
            switch (name.Substring(Prefix.Length))
            {
                case "RangeAttribute" when args.Length == 2 && type is "integer" or "number":
                    if (Number(args[0].Value) is { } min)
                    {
                        schema.Set("minimum", min);
                    }

                    if (Number(args[1].Value) is { } max)
                    {
                        schema.Set("maximum", max);
                    }

                    break;
                case "RangeAttribute" when args.Length == 3 && type is "integer" or "number":
                    if (args[1].Value is string low && double.TryParse(low, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var lowValue))
                    {
                        schema.Set("minimum", lowValue);
                    }

                    if (args[2].Value is string high && double.TryParse(high, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var highValue))
                    {
                        schema.Set("maximum", highValue);
                    }

                    break;
                case "StringLengthAttribute" when type == "string" && args.Length == 1 && args[0].Value is int maxLength:
                    schema.Set("maxLength", (long)maxLength);
                    if (attribute.NamedArguments.FirstOrDefault(n => n.Key == "MinimumLength").Value.Value is int minLength && minLength > 0)
                    {
                        schema.Set("minLength", (long)minLength);
                    }

                    break;
                case "MinLengthAttribute" when args.Length == 1 && args[0].Value is int length:
                    schema.Set(type == "array" ? "minItems" : "minLength", (long)length);
                    break;
                case "MaxLengthAttribute" when args.Length == 1 && args[0].Value is int length:
                    schema.Set(type == "array" ? "maxItems" : "maxLength", (long)length);
                    break;
                case "RegularExpressionAttribute" when type == "string" && args.Length == 1 && args[0].Value is string pattern:
                    schema.Set("pattern", pattern);
                    break;
                case "EmailAddressAttribute" when type == "string":
                    schema.Set("format", "email");
                    break;
                case "UrlAttribute" when type == "string":
                    schema.Set("format", "uri");
                    break;
                case "RequiredAttribute":
                    // Required rejects null, and for strings also empty text unless AllowEmptyStrings.
                    if (schema.Get("type") is List<object> types)
                    {
                        types.RemoveAll(t => t is "null");
                        schema.Set("type", types.Count == 1 ? types[0] : types);
                        if (schema.Get("enum") is List<object> values)
                        {
                            values.RemoveAll(v => v is JsonNull);
                        }
                    }

                    var allowEmpty = attribute.NamedArguments.FirstOrDefault(n => n.Key == "AllowEmptyStrings").Value.Value is true;
                    if (type == "string" && !allowEmpty && schema.Get("minLength") is null)
                    {
                        schema.Set("minLength", 1L);
                    }

                    break;
            }
        }
    }

    private static string? BaseType(SchemaNode schema) => schema.Get("type") switch
    {
        string type => type,
        List<object> types => types.OfType<string>().FirstOrDefault(t => t != "null"),
        _ => null,
    };

    private static object? Number(object? value) => value switch
    {
        int i => (long)i,
        long l => l,
        double d => d,
        _ => null,
    };
}

/// <summary>Reads descriptions: [Description], else the XML doc comment's summary (or a record parameter's &lt;param&gt;).</summary>
internal static class Docs
{
    private static readonly Regex Summaries = new("<summary>(.*?)</summary>", RegexOptions.Singleline | RegexOptions.CultureInvariant);
    private static readonly Regex References = new("<(?:see|seealso)\\s+(?:cref|langword|href)\\s*=\\s*\"(?:[A-Z]:)?([^\"]*)\"\\s*/>", RegexOptions.CultureInvariant);
    private static readonly Regex ParamReferences = new("<(?:paramref|typeparamref)\\s+name\\s*=\\s*\"([^\"]*)\"\\s*/>", RegexOptions.CultureInvariant);
    private static readonly Regex Tags = new("<[^>]+>", RegexOptions.CultureInvariant);
    private static readonly Regex Spaces = new("\\s+", RegexOptions.CultureInvariant);
    private static readonly Regex Params = new("<param\\s+name\\s*=\\s*\"([^\"]*)\"\\s*>(.*?)</param>", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    public static string? DescriptionAttribute(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes()) // a loop, not LINQ: runs for every reply member per keystroke
        {
            if (JsonContract.Is(attribute, "System.ComponentModel.DescriptionAttribute"))
            {
                return attribute.ConstructorArguments.FirstOrDefault().Value as string;
            }
        }

        return null;
    }

    public static string? Summary(ISymbol symbol) => Extract(Comment(symbol), Summaries);

    public static string? Param(ISymbol symbol, string name)
    {
        if (Comment(symbol) is not { } comment)
        {
            return null;
        }

        // One compiled pattern for every name (a pattern per call cost a Regex construction per record member).
        for (var match = Params.Match(comment); match.Success; match = match.NextMatch())
        {
            if (match.Groups[1].Value == name)
            {
                return Clean(match.Groups[2].Value);
            }
        }

        return null;
    }

    /// <summary>
    /// The /// lines before the declaration, read from syntax trivia so they are found whether or not the compilation
    /// parses documentation comments.
    /// </summary>
    private static string? Comment(ISymbol symbol)
    {
        var reference = symbol.DeclaringSyntaxReferences.FirstOrDefault();
        if (reference is null)
        {
            // A type from a referenced assembly: its XML documentation file, when the compilation has one.
            var xml = symbol.GetDocumentationCommentXml();
            return string.IsNullOrEmpty(xml) ? null : xml;
        }

        var node = reference.GetSyntax();
        if (node.Parent?.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.FieldDeclarationSyntax field)
        {
            node = field;
        }

        // Most members have no comment at all: say so without writing out their trivia.
        if (!HasComment(node.GetLeadingTrivia()))
        {
            return null;
        }

        var builder = new StringBuilder();
        foreach (var line in node.GetLeadingTrivia().ToFullString().Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("///", StringComparison.Ordinal))
            {
                builder.Append(trimmed.Substring(3)).Append('\n');
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    private static bool HasComment(SyntaxTriviaList trivia)
    {
        foreach (var t in trivia) // the struct enumerator: no boxing per member
        {
            if (t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SingleLineCommentTrivia)
                || t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SingleLineDocumentationCommentTrivia)
                || t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.MultiLineDocumentationCommentTrivia))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Extract(string? comment, Regex element)
    {
        if (comment is null || element.Match(comment) is not { Success: true } match)
        {
            return null;
        }

        return Clean(match.Groups[1].Value);
    }

    private static string? Clean(string raw)
    {
        var text = References.Replace(raw, m => m.Groups[1].Value.Substring(m.Groups[1].Value.LastIndexOf('.') + 1));
        text = ParamReferences.Replace(text, "$1");
        text = Tags.Replace(text, "");
        text = Spaces.Replace(text, " ").Trim()
            .Replace("&lt;", "<").Replace("&gt;", ">").Replace("&quot;", "\"").Replace("&apos;", "'").Replace("&amp;", "&");
        return text.Length == 0 ? null : text;
    }
}

/// <summary>Naming: System.Text.Json's policies, and names for schemas.</summary>
internal static class Names
{
    public static string Apply(NamingPolicy policy, string name) => policy switch
    {
        NamingPolicy.CamelCase => CamelCase(name),
        NamingPolicy.SnakeCaseLower => Separated(name, '_', upper: false),
        NamingPolicy.SnakeCaseUpper => Separated(name, '_', upper: true),
        NamingPolicy.KebabCaseLower => Separated(name, '-', upper: false),
        NamingPolicy.KebabCaseUpper => Separated(name, '-', upper: true),
        _ => name,
    };

    /// <summary>
    /// Names already put in camelCase, by C# name: a pure function of the name, remembered for the process (bounded, as
    /// a user writes a limited set of member names) because every record member's JSON name is asked for on every keystroke.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> CamelCased = new(System.StringComparer.Ordinal);

    /// <summary>System.Text.Json's camelCase: the leading run of capitals is lowered, except the last one when a lowercase letter follows.</summary>
    public static string CamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0]))
        {
            return name;
        }

        if (CamelCased.TryGetValue(name, out var known))
        {
            return known;
        }

        var camel = LowerLeadingCapitals(name);
        if (CamelCased.Count < 4096)
        {
            CamelCased.TryAdd(name, camel);
        }

        return camel;
    }

    private static string LowerLeadingCapitals(string name)
    {

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i]))
            {
                break;
            }

            var hasNext = i + 1 < chars.Length;
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                if (chars[i + 1] == ' ')
                {
                    chars[i] = char.ToLowerInvariant(chars[i]);
                }

                break;
            }

            chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return new string(chars);
    }

    /// <summary>snake_case / kebab-case as System.Text.Json splits words: at a lower-to-upper change, and before the last capital of a run followed by a lowercase letter.</summary>
    private static string Separated(string name, char separator, bool upper)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is ' ' or '_' or '-')
            {
                if (builder.Length > 0 && builder[builder.Length - 1] != separator)
                {
                    builder.Append(separator);
                }

                continue;
            }

            if (char.IsUpper(c) && builder.Length > 0 && builder[builder.Length - 1] != separator)
            {
                var previous = name[i - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    builder.Append(separator);
                }
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}

/// <summary>Names for schemas (<c>json_schema.name</c>, <c>$defs</c> keys): letters, digits, '_' and '-', at most 64.</summary>
internal static class SchemaNames
{
    public static string Of(ITypeSymbol type)
    {
        var raw = Raw(type);
        var chars = raw.Select(c => char.IsLetterOrDigit(c) && c < 128 || c is '_' or '-' ? c : '_').ToArray();
        var name = new string(chars);
        return name.Length <= 64 ? name : name.Substring(0, 64);
    }

    private static string Raw(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => Raw(array.ElementType) + "Array",
        INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable => Raw(nullable.TypeArguments[0]),
        INamedTypeSymbol { IsGenericType: true } generic => generic.Name + "_" + string.Join("_", generic.TypeArguments.Select(Raw)),
        _ => type.Name.Length > 0 ? type.Name : "Value",
    };
}

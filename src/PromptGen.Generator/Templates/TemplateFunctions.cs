using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PromptGen.Generator.Templates;

/// <summary>
/// The Scriban built-in functions PromptGen compiles to plain C# when used as pipes (<c>{{ x | string.upcase }}</c>).
/// Arguments are literals. Strings are the input as inserted (invariant culture, null as empty), so
/// <c>{{ 12 | string.upcase }}</c> is <c>12</c>, as in Scriban.
/// </summary>
internal static class TemplateFunctions
{
    private const string PromptText = "global::PromptGen.PromptText";

    /// <summary>Every function, with how it is written; the order of the list in error messages.</summary>
    public static readonly string[] Names =
    {
        "string.upcase", "string.downcase", "string.capitalize", "string.truncate", "array.join", "math.round", "date.to_string",
    };

    /// <summary>What a function needs: its input's kind and its arguments (literal kinds), in order; optional ones last.</summary>
    public static string Usage(string name) => name switch
    {
        "string.truncate" => "{{ text | string.truncate 20 }} or {{ text | string.truncate 20 '…' }}",
        "array.join" => "{{ items | array.join ', ' }}",
        "math.round" => "{{ price | math.round 2 }}",
        "date.to_string" => "{{ when | date.to_string '%Y-%m-%d' }}",
        _ => "{{ text | " + name + " }}",
    };

    /// <summary>A function's C# for an input (<paramref name="input"/> code of type <paramref name="type"/>) and literal arguments, or an error.</summary>
    /// <remarks><paramref name="unwrapped"/> is <paramref name="type"/> without <c>Nullable&lt;T&gt;</c>.</remarks>
    public static (string? Code, bool IsString, string? Error) Compile(string name, string input, TemplateType? type, TemplateType? unwrapped, IReadOnlyList<LiteralExpression> arguments)
    {
        switch (name)
        {
            case "string.upcase":
            case "string.downcase":
            case "string.capitalize":
                if (arguments.Count != 0)
                {
                    return Fail(name, "takes no arguments");
                }

                var text = Text(input, type);
                return name switch
                {
                    "string.upcase" => (text + ".ToUpperInvariant()", true, null),
                    "string.downcase" => (text + ".ToLowerInvariant()", true, null),
                    _ => (PromptText + ".Capitalize(" + text + ")", true, null),
                };
            case "string.truncate":
                if (arguments.Count is < 1 or > 2 || arguments[0].Kind != LiteralKind.Integer || (arguments.Count == 2 && arguments[1].Kind != LiteralKind.String))
                {
                    return Fail(name, "takes a length and, optionally, the text that ends a cut string");
                }

                var length = (long)arguments[0].Value!;
                if (length is < 0 or > int.MaxValue)
                {
                    return Fail(name, "takes a length from 0 to " + int.MaxValue.ToString(CultureInfo.InvariantCulture));
                }

                var ellipsis = arguments.Count == 2 ? (string)arguments[1].Value! : "...";
                return (PromptText + ".Truncate(" + Text(input, type) + ", " + length.ToString(CultureInfo.InvariantCulture) + ", " + Literal(ellipsis) + ")", true, null);
            case "array.join":
                if (arguments.Count != 1 || arguments[0].Kind != LiteralKind.String)
                {
                    return Fail(name, "takes the separator, a string");
                }

                if (type is null || type.Special == SpecialType.System_String || type.Element < 0)
                {
                    return Fail(name, "joins a sequence" + Received(type));
                }

                return (PromptText + ".Join(" + input + ", " + Literal((string)arguments[0].Value!) + ")", true, null);
            case "math.round":
                if (arguments.Count > 1 || (arguments.Count == 1 && (arguments[0].Kind != LiteralKind.Integer || (long)arguments[0].Value! is < 0 or > 15)))
                {
                    return Fail(name, "takes, optionally, a number of decimal places from 0 to 15");
                }

                var digits = arguments.Count == 0 ? "0" : ((long)arguments[0].Value!).ToString(CultureInfo.InvariantCulture);
                switch (unwrapped?.Special)
                {
                    case SpecialType.System_Double:
                    case SpecialType.System_Single:
                        return (PromptText + ".Round((double?)" + input + ", " + digits + ")", false, null);
                    case SpecialType.System_Decimal:
                        return (PromptText + ".Round((decimal?)" + input + ", " + digits + ")", false, null);
                    case SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16
                        or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64:
                        return (input, false, null); // a whole number is already round
                    default:
                        return Fail(name, "rounds a number" + Received(type));
                }

            case "date.to_string":
                if (arguments.Count != 1 || arguments[0].Kind != LiteralKind.String)
                {
                    return Fail(name, "takes a format, a string such as '%Y-%m-%d'");
                }

                if (unwrapped?.IsDate != true)
                {
                    return Fail(name, "formats a DateTime, DateTimeOffset, DateOnly or TimeOnly" + Received(type));
                }

                var (format, error) = DotNetFormat((string)arguments[0].Value!);
                return error is not null
                    ? (null, false, error)
                    : (PromptText + ".FormatDate(" + input + ", " + Literal(format!) + ")", true, null);
            default:
                return (null, false, null);
        }
    }

    /// <summary>
    /// Scriban's <c>date.to_string</c> format (strftime's <c>%</c> codes) as a .NET custom format, or why it cannot be:
    /// <c>%Y %y %m %d %H %I %M %S %p %b %h %B %a %A %L %%</c>; other characters are literal.
    /// </summary>
    internal static (string? Format, string? Error) DotNetFormat(string format)
    {
        var result = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                result.Append('\\').Append(c);
                continue;
            }

            if (++i == format.Length)
            {
                return (null, "date.to_string: the format ends with a lone '%': write '%%' for a percent sign");
            }

            var code = format[i] switch
            {
                'Y' => "yyyy",
                'y' => "yy",
                'm' => "MM",
                'd' => "dd",
                'H' => "HH",
                'I' => "hh",
                'M' => "mm",
                'S' => "ss",
                'p' => "tt",
                'b' or 'h' => "MMM",
                'B' => "MMMM",
                'a' => "ddd",
                'A' => "dddd",
                'L' => "fff",
                '%' => "\\%",
                _ => null,
            };
            if (code is null)
            {
                return (null, "date.to_string: '%" + format[i] + "' is not a format code PromptGen compiles; use %Y %y %m %d %H %I %M %S %p %b %B %a %A %L or %%");
            }

            result.Append(code);
        }

        return (result.ToString(), null);
    }

    private static (string?, bool, string?) Fail(string name, string what) =>
        (null, false, "'" + name + "' " + what + ", as in " + Usage(name));

    private static string Received(TemplateType? type) =>
        type is null ? "" : "; this is a '" + type.Display + "'";

    /// <summary>The input as text: a string as is (null as empty), anything else formatted as the template would insert it.</summary>
    private static string Text(string input, TemplateType? type) =>
        type?.Special == SpecialType.System_String ? "(" + input + " ?? \"\")" : PromptText + ".Format(" + input + ")";

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);
}

using System.Globalization;
using System.Linq;

namespace PromptGen.Generator.Images;

/// <summary>
/// Writes the user message of a method with image parameters: the rendered text as the first part, then each image
/// parameter's <c>image_url</c> parts in parameter order, through <c>PromptGen.PromptImages</c>.
/// </summary>
internal static class ImageEmitter
{
    private const string Images = "global::PromptGen.PromptImages";

    /// <summary>Whether the method's user message carries images.</summary>
    public static bool HasImages(MethodSpec method) => method.Parameters.Any(p => p.Image is not null);

    /// <summary>Writes the statements that build the user message and add it to <paramref name="messages"/>.</summary>
    public static void EmitUserMessage(SourceWriter w, MethodSpec method, MessageSpec message, string messages, NameScope names)
    {
        var text = RenderWriter.Write(w, message.Render, names);
        var parts = names.Pick("__parts");
        var capacity = 1 + method.Parameters.Count(p => p.Image is { IsList: false });
        w.Line($"global::System.Collections.Generic.List<global::PromptGen.ChatContentPart> {parts} = {Images}.Start({text}, {capacity.ToString(CultureInfo.InvariantCulture)});");
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Image is not { } image)
            {
                continue;
            }

            var add = image.IsList ? "AddRange" : "Add";
            var name = SymbolText.Literal(SymbolText.Unescape(parameter.Name));
            w.Line($"{Images}.{add}({parts}, {parameter.Name}, {name}, detail: {Detail(image.Detail)}, optional: {(image.Optional ? "true" : "false")});");
        }

        w.Line($"{messages}.Add({Images}.User({parts}));");
    }

    private static string Detail(int? detail) => detail switch
    {
        0 => "global::PromptGen.ImageDetail.Auto",
        1 => "global::PromptGen.ImageDetail.Low",
        2 => "global::PromptGen.ImageDetail.High",
        _ => "null",
    };
}

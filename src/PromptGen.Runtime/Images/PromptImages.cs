using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace PromptGen;

/// <summary>
/// What generated code calls to attach a method's image parameters to its user message: the rendered text first, then
/// one <c>image_url</c> part per image, in parameter order.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PromptImages
{
    /// <summary>Starts the parts of a user message with its rendered <paramref name="text"/>.</summary>
    /// <param name="text">The rendered user prompt.</param>
    /// <param name="capacity">How many parts are expected (the text and the single images).</param>
    public static List<ChatContentPart> Start(string text, int capacity) =>
        new(capacity) { ChatContentPart.FromText(text) };

    /// <summary>Adds the part of one image parameter.</summary>
    /// <param name="parts">The user message's parts.</param>
    /// <param name="image">The argument.</param>
    /// <param name="parameterName">The parameter's name, for the error.</param>
    /// <param name="detail">The detail level from an <see cref="ImageDetailAttribute"/>, used when the image sets none.</param>
    /// <param name="optional">Whether the parameter is nullable (<c>ImageInput?</c>): a <see langword="null"/> argument then attaches nothing.</param>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is <see langword="null"/> and the parameter is not nullable.</exception>
    public static void Add(List<ChatContentPart> parts, ImageInput? image, string parameterName, ImageDetail? detail, bool optional)
    {
        if (image is null)
        {
            if (optional)
            {
                return;
            }

            throw new ArgumentNullException(parameterName, $"The image '{parameterName}' is null. Pass an ImageInput, or declare the parameter 'ImageInput?' to make it optional.");
        }

        parts.Add(image.ToContentPart(detail));
    }

    /// <summary>Adds the parts of a list or array of images, in order.</summary>
    /// <param name="parts">The user message's parts.</param>
    /// <param name="images">The argument.</param>
    /// <param name="parameterName">The parameter's name, for the error.</param>
    /// <param name="detail">The detail level from an <see cref="ImageDetailAttribute"/>, used when an image sets none.</param>
    /// <param name="optional">Whether the parameter is nullable: a <see langword="null"/> list then attaches nothing.</param>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> is <see langword="null"/> and the parameter is not nullable.</exception>
    /// <exception cref="ArgumentException">An item is <see langword="null"/>.</exception>
    public static void AddRange(List<ChatContentPart> parts, IEnumerable<ImageInput?>? images, string parameterName, ImageDetail? detail, bool optional)
    {
        if (images is null)
        {
            if (optional)
            {
                return;
            }

            throw new ArgumentNullException(parameterName, $"The images '{parameterName}' are null. Pass an empty list for none, or declare the parameter nullable.");
        }

        var index = 0;
        foreach (var image in images)
        {
            parts.Add(image?.ToContentPart(detail)
                ?? throw new ArgumentException($"Image {index} of '{parameterName}' is null. Leave it out of the list instead.", parameterName));
            index++;
        }
    }

    /// <summary>The user message made of <paramref name="parts"/>.</summary>
    public static ChatMessage User(List<ChatContentPart> parts) => new(ChatRole.User, new ChatContent(parts));
}

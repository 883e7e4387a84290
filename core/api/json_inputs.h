#pragma once
// The inputs of the OpenAI-compatible model API as Cortex reads them: JSON values that hold a text, the
// content parts of a chat message ({"type": "text"|"image_url", ...}) or an image as a data: URL. Every
// value is hostile: wrong types, non-images and oversized images are refused with a message that names
// the input ("input 3", "messages[1].content[0]"); the work is linear in the body's size.

#include "common/result.h"
#include "embedding/encoder.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <cstdint>

namespace cortex::api {

struct InputLimits {
    int maxInputs = 256; // texts or documents in one request
    int maxImagesPerInput = 16;
    int64_t maxImagePixels = 40'000'000; // per image, checked from its header before decoding
};

// An image from "data:image/<type>;base64,<data>" (PNG, JPEG, BMP, GIF, TGA: model/image/image.h);
// URLs of another scheme are refused (the server fetches nothing). `name` names it in errors.
Result<model::Image> imageFromDataUrl(const QString &url, const QString &name, const InputLimits &limits);

// A chat message's content: a string, or a list of parts with images (data: URLs) and at most one text.
// The images come first in the model's prompt, as Cortex's own prompts have them.
Result<embedding::EncodeInput> inputFromContent(const QJsonValue &content, const QString &name,
                                                const InputLimits &limits);

// A text, or vLLM's multimodal score form {"content": [part]} (one input, a text or an image).
Result<embedding::EncodeInput> inputFromScoreValue(const QJsonValue &value, const QString &name,
                                                   const InputLimits &limits);

// A field that holds one value or a list of them ("input": "a" or ["a", "b"]), as a list; anything else is
// refused naming `key`. OpenAI-compatible APIs accept both forms for their list fields.
Result<QJsonArray> oneOrList(const QJsonValue &value, const QString &key);

// The request body as a JSON object, or why it is not one (malformed JSON: the position).
Result<QJsonObject> jsonBody(const QByteArray &body);

inline Error badRequest(const QString &message)
{
    return makeError(message.toStdString(), ErrorKind::InvalidInput);
}

} // namespace cortex::api

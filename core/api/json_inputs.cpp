#include "api/json_inputs.h"

#include "model/image/image.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace cortex::api {
namespace {

Status addPart(const QJsonValue &part, const QString &name, const InputLimits &limits,
               embedding::EncodeInput &input, bool &hasText)
{
    const QJsonObject object = part.toObject();
    const QString type = object.value(QStringLiteral("type")).toString();
    if (!part.isObject() || type.isEmpty())
        return badRequest(name +
                          QStringLiteral(" is not a content part ({\"type\": \"text\"|\"image_url\", ...})"));
    if (type == QStringLiteral("text")) {
        const QJsonValue text = object.value(QStringLiteral("text"));
        if (!text.isString())
            return badRequest(name + QStringLiteral(" has no \"text\" string"));
        if (hasText)
            return badRequest(name +
                              QStringLiteral(" is a second text part; an input holds at most one text"));
        hasText = true;
        input.text = text.toString().toStdString();
        return {};
    }
    if (type == QStringLiteral("image_url")) {
        if (int(input.images.size()) >= limits.maxImagesPerInput)
            return badRequest(name + QStringLiteral(" is one image too many (at most %1 per input)")
                                         .arg(limits.maxImagesPerInput));
        const QJsonValue url = object.value(QStringLiteral("image_url"));
        const QString text =
            url.isObject() ? url.toObject().value(QStringLiteral("url")).toString() : url.toString();
        auto image = imageFromDataUrl(text, name, limits);
        if (!image)
            return image.error();
        input.images.push_back(std::move(image).value());
        return {};
    }
    return badRequest(name +
                      QStringLiteral(" has the type \"%1\"; this server reads \"text\" and \"image_url\"")
                          .arg(type.left(40)));
}

} // namespace

Result<QJsonArray> oneOrList(const QJsonValue &value, const QString &key)
{
    if (value.isString())
        return QJsonArray{value};
    if (value.isArray())
        return value.toArray();
    return badRequest(QStringLiteral("\"%1\" is neither a text nor a list of texts").arg(key));
}

Result<QJsonObject> jsonBody(const QByteArray &body)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return badRequest(QStringLiteral("the body is not valid JSON (%1 at byte %2)")
                              .arg(error.errorString())
                              .arg(error.offset));
    if (!document.isObject())
        return badRequest(QStringLiteral("the body is not a JSON object"));
    return document.object();
}

Result<model::Image> imageFromDataUrl(const QString &url, const QString &name, const InputLimits &limits)
{
    static const QString prefix = QStringLiteral("data:image/");
    const qsizetype comma = url.indexOf(QLatin1Char(','));
    if (!url.startsWith(prefix) || comma < 0 || !url.left(comma).endsWith(QStringLiteral(";base64")))
        return badRequest(name + QStringLiteral(" is not an image data URL (data:image/...;base64,...); "
                                                "this server fetches no URL"));
    const auto decoded = QByteArray::fromBase64Encoding(url.mid(comma + 1).toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return badRequest(name + QStringLiteral(": the image's base64 data is damaged"));
    const QByteArray &bytes = *decoded;
    model::DecodeLimits decodeLimits;
    decodeLimits.maxPixels = limits.maxImagePixels;
    auto image = model::decodeImageBytes(
        std::span(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size())),
        name.toStdString(), decodeLimits);
    if (!image)
        return badRequest(QString::fromStdString(image.error().message));
    return std::move(image).value();
}

Result<embedding::EncodeInput> inputFromContent(const QJsonValue &content, const QString &name,
                                                const InputLimits &limits)
{
    embedding::EncodeInput input;
    input.name = name.toStdString();
    if (content.isString()) {
        input.text = content.toString().toStdString();
        return input;
    }
    if (!content.isArray())
        return badRequest(name + QStringLiteral(" is neither a text nor a list of content parts"));
    const QJsonArray parts = content.toArray();
    bool hasText = false;
    for (qsizetype k = 0; k < parts.size(); ++k)
        if (auto added = addPart(parts.at(k), name + QStringLiteral("[%1]").arg(k), limits, input, hasText);
            !added)
            return added.error();
    return input;
}

Result<embedding::EncodeInput> inputFromScoreValue(const QJsonValue &value, const QString &name,
                                                   const InputLimits &limits)
{
    if (value.isString()) {
        embedding::EncodeInput input;
        input.text = value.toString().toStdString();
        input.name = name.toStdString();
        return input;
    }
    const QJsonValue content = value.toObject().value(QStringLiteral("content"));
    if (!value.isObject() || !content.isArray() || content.toArray().size() != 1)
        return badRequest(name + QStringLiteral(" is neither a text nor {\"content\": [one part]}"));
    return inputFromContent(content, name + QStringLiteral(".content"), limits);
}

} // namespace cortex::api

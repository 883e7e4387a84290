#include "json_output.h"
#include "progress_output.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <iostream>

namespace cortex::cli {

void printJson(const nlohmann::json &value)
{
    endProgressLine(); // a result starts a line of its own
    // Floats are written with the shortest representation that round-trips (nlohmann's default).
    std::cout << value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

} // namespace cortex::cli

namespace cortex::cli {

nlohmann::json toNlohmann(const QJsonObject &object)
{
    // Through the text: QJson writes integers as integers and doubles in their shortest round-trip form.
    const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return nlohmann::json::parse(text.constData(), text.constData() + text.size());
}

} // namespace cortex::cli

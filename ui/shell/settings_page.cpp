#include "ui/shell/settings_page.h"

#include "application/library_api.h"
#include "application/models.h"
#include "application/query_video.h"
#include "application/served_models.h"
#include "ui/common/icons.h"
#include "ui/shell/app_controller.h"
#include "ui/shell/models_panel.h"
#include "ui/shell/settings_fields.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <filesystem>
#include <limits>

namespace cortex::ui {
namespace {

// What a model folder holds, in one or two sentences (read on a worker: it hashes part of the weights).
QString describeModelFolder(const QString &dir)
{
    if (dir.trimmed().isEmpty())
        return SettingsPage::tr("No folder is chosen.");
    auto summary = application::describeModelFolder(std::filesystem::path(dir.toStdString()));
    if (!summary)
        return SettingsPage::tr("Not usable: %1").arg(QString::fromStdString(summary.error().message));
    const int hidden = summary->hiddenSize;
    const QString size = hidden == 2048   ? SettingsPage::tr(" (the 2B size)")
                         : hidden == 4096 ? SettingsPage::tr(" (the 8B size)")
                                          : QString();
    return SettingsPage::tr("%1: %2, %3 text layers, hidden size %4%5, %6 vision blocks.")
        .arg(QString::fromStdString(summary->name), QString::fromStdString(summary->architecture))
        .arg(summary->textLayers)
        .arg(hidden)
        .arg(size)
        .arg(summary->visionBlocks);
}

template <typename T> auto differsBy(T settings::Settings::*member)
{
    return [member](const settings::Settings &a, const settings::Settings &b) {
        return a.*member != b.*member;
    };
}

} // namespace

SettingsPage::SettingsPage(AppController *controller, QWidget *parent)
    : QWidget(parent), controller_(controller)
{
    setObjectName(QStringLiteral("settingsPage"));

    const auto group = [](const QString &title, QVBoxLayout *into) {
        auto *box = new QGroupBox(title);
        auto *form = new QFormLayout(box);
        form->setRowWrapPolicy(QFormLayout::WrapLongRows);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        into->addWidget(box);
        return form;
    };
    const QList<QPair<QString, QString>> sizes{{QStringLiteral("auto"), tr("Automatic (by free GPU memory)")},
                                               {QStringLiteral("2B"), tr("2B")},
                                               {QStringLiteral("8B"), tr("8B")}};

    auto *content = new QWidget;
    auto *columns = new QVBoxLayout(content);

    auto *found = new ModelsPanel(controller_);
    columns->addWidget(found);
    // The chosen folder goes into its editor like a typed one: Apply saves it, Revert forgets it.
    connect(found, &ModelsPanel::modelChosen, this, [this](bool embedding, const QString &folder) {
        const QString name =
            embedding ? QStringLiteral("embeddingModelDirEdit") : QStringLiteral("rerankerModelDirEdit");
        if (auto *edit = findChild<QLineEdit *>(name))
            edit->setText(folder);
    });

    auto *models = group(tr("Embedding model"), columns);
    addCheck(models, QStringLiteral("modelsEnabled"), tr("Models:"), tr("Load the models"),
             &settings::Settings::modelsEnabled);
    addServer(models, QStringLiteral("embedding"),
              {&settings::Settings::embeddingModelUrl, &settings::Settings::embeddingModelName,
               &settings::Settings::embeddingModelToken},
              tr("Test co&nnection"));
    addCombo(models, QStringLiteral("modelSize"), tr("Model size:"), sizes, &settings::Settings::modelSize);
    addFolder(models, QStringLiteral("embeddingModelDir"), tr("Embedding model folder:"),
              &settings::Settings::embeddingModelDir, true, tr("A Qwen3-VL-Embedding snapshot folder"));
    addSpin(models, QStringLiteral("mrlDim"), tr("Stored dimension:"), &settings::Settings::mrlDim, 0, 8192,
            tr("Full width"));
    addCombo(models, QStringLiteral("device"), tr("Device:"),
             {{QStringLiteral("auto"), tr("Automatic (GPU when there is one)")},
              {QStringLiteral("cuda"), tr("CUDA GPU")},
              {QStringLiteral("cpu"), tr("CPU")}},
             &settings::Settings::device);
    addCombo(
        models, QStringLiteral("dtype"), tr("Precision:"),
        {{QStringLiteral("auto"),
          tr("Automatic (bfloat16 on a GPU and on a CPU that computes it natively, else float32)")},
         {QStringLiteral("bfloat16"), tr("bfloat16")},
         {QStringLiteral("float32"), tr("float32")},
         {QStringLiteral("int8"), tr("int8 (CPU only: faster than float32 where bfloat16 is not native)")}},
        &settings::Settings::dtype);
    addSpin(models, QStringLiteral("embedBatchSize"), tr("Batch size:"), &settings::Settings::embedBatchSize,
            1, 1024);

    auto *reranker = group(tr("Reranker"), columns);
    addCheck(reranker, QStringLiteral("rerankerEnabled"), tr("Reranker:"), tr("Rerank the best candidates"),
             &settings::Settings::rerankerEnabled);
    addServer(reranker, QStringLiteral("reranker"),
              {&settings::Settings::rerankerModelUrl, &settings::Settings::rerankerModelName,
               &settings::Settings::rerankerModelToken},
              tr("Test connec&tion"));
    addCombo(reranker, QStringLiteral("rerankerSize"), tr("Reranker size:"), sizes,
             &settings::Settings::rerankerSize);
    addFolder(reranker, QStringLiteral("rerankerModelDir"), tr("Reranker model folder:"),
              &settings::Settings::rerankerModelDir, true, tr("A Qwen3-VL-Reranker snapshot folder"));
    addSpin(reranker, QStringLiteral("rerankerCandidates"), tr("Candidates:"),
            &settings::Settings::rerankerCandidates, 1, 10000);
    addSpin(reranker, QStringLiteral("rerankerTopK"), tr("Top K:"), &settings::Settings::rerankerTopK, 1,
            10000);
    addSpin(reranker, QStringLiteral("rerankBatchSize"), tr("Batch size:"),
            &settings::Settings::rerankBatchSize, 1, 1024);

    auto *images = group(tr("Images and text"), columns);
    addSpin(images, QStringLiteral("minPixels"), tr("Minimum pixels:"), &settings::Settings::minPixels, 1,
            std::numeric_limits<int>::max());
    addSpin(images, QStringLiteral("maxPixels"), tr("Maximum pixels:"), &settings::Settings::maxPixels, 1,
            std::numeric_limits<int>::max());
    addSpin(images, QStringLiteral("chunkTokens"), tr("Chunk size (tokens):"),
            &settings::Settings::chunkTokens, 16, 32768);
    addSpin(images, QStringLiteral("chunkOverlap"), tr("Chunk overlap (tokens):"),
            &settings::Settings::chunkOverlap, 0, 32768);

    auto *videos = group(tr("Videos"), columns);
    // Applies to the next ingestion job (and the next sync of a watched folder): stored videos keep
    // their segments.
    auto *segment = addSpin(videos, QStringLiteral("videoSegmentSeconds"), tr("Vi&deo segment length:"),
                            &settings::Settings::videoSegmentSeconds, application::kMinVideoSegmentSeconds,
                            application::kMaxVideoSegmentSeconds);
    segment->setSuffix(tr(" s"));
    segment->setToolTip(tr("A video is embedded in windows of this length, and a hit points to a moment "
                           "within its window: shorter windows find finer moments but store more vectors. "
                           "Applies to videos ingested from now on."));

    auto *library = group(tr("Library"), columns);
    addFolder(library, QStringLiteral("libraryDir"), tr("Library folder:"), &settings::Settings::libraryDir,
              false, settings::defaultLibraryDir());
    addSpin(library, QStringLiteral("nearDuplicatePercent"), tr("Near-duplicates from (% similar):"),
            &settings::Settings::nearDuplicatePercent, 50, 100);
    addLibraryApi(group(tr("Library API"), columns));
    columns->addStretch(1);
    // One label width for every group, so the editors line up from group to group.
    int labelWidth = 0;
    for (auto *l : rowLabels_)
        labelWidth = std::max(labelWidth, l->sizeHint().width());
    for (auto *l : rowLabels_)
        l->setMinimumWidth(labelWidth);

    auto *scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    errorLabel_ = new QLabel;
    errorLabel_->setObjectName(QStringLiteral("settingsErrorLabel"));
    errorLabel_->setWordWrap(true);
    revertButton_ = new QPushButton(themedIcon(QStringLiteral("edit-clear")), tr("&Revert"));
    revertButton_->setObjectName(QStringLiteral("settingsRevertButton"));
    applyButton_ = new QPushButton(themedIcon(QStringLiteral("dialog-ok")), tr("&Apply"));
    applyButton_->setObjectName(QStringLiteral("settingsApplyButton"));
    applyButton_->setDefault(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(errorLabel_, 1);
    buttons->addWidget(revertButton_);
    buttons->addWidget(applyButton_);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addLayout(buttons);

    connect(applyButton_, &QPushButton::clicked, this, &SettingsPage::apply);
    connect(revertButton_, &QPushButton::clicked, this, &SettingsPage::revert);
    connect(controller_, &AppController::settingsChanged, this, &SettingsPage::revert);
    connect(controller_, &AppController::libraryApiChanged, this, &SettingsPage::showLibraryApi);
    revert();
    showLibraryApi();
}

SettingsPage::~SettingsPage()
{
    // The test's worker ends at once instead of keeping the application waiting for the server.
    for (auto &[prefix, editors] : servers_)
        if (editors.testCancel)
            *editors.testCancel = true;
}

QWidget *SettingsPage::addRow(QFormLayout *form, Binding binding, const QString &label, QWidget *row,
                              QWidget *extra)
{
    auto *note = new QLabel;
    note->setObjectName(binding.field + QStringLiteral("OverrideLabel"));
    note->setWordWrap(true);
    note->setEnabled(false); // the palette's inactive text: a hint, not an error
    note->hide();
    binding.overrideNote = note;
    auto *cell = new QWidget;
    auto *v = new QVBoxLayout(cell);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    // Folder rows take the full width; short editors keep their natural width, aligned left.
    if (!qobject_cast<QAbstractSpinBox *>(row) && !qobject_cast<QComboBox *>(row) &&
        !qobject_cast<QCheckBox *>(row))
        v->addWidget(row);
    else
        v->addWidget(row, 0, Qt::AlignLeft);
    if (extra)
        v->addWidget(extra);
    v->addWidget(note);
    auto *rowLabel = new QLabel(label);
    rowLabel->setBuddy(binding.editor);
    rowLabels_.push_back(rowLabel);
    form->addRow(rowLabel, cell);
    bindings_.push_back(std::move(binding));
    return cell;
}

void SettingsPage::addCheck(QFormLayout *form, const QString &field, const QString &label,
                            const QString &text, bool settings::Settings::*member)
{
    auto *check = new QCheckBox(text);
    check->setObjectName(field + QStringLiteral("Check"));
    connect(check, &QCheckBox::toggled, this, &SettingsPage::updateButtons);
    addRow(form,
           {field, check, nullptr,
            [check, member](const settings::Settings &s) { check->setChecked(s.*member); },
            [check, member](settings::Settings &s) { s.*member = check->isChecked(); }, differsBy(member)},
           label, check);
}

template <typename Int>
QSpinBox *SettingsPage::addSpin(QFormLayout *form, const QString &field, const QString &label,
                                Int settings::Settings::*member, int minimum, int maximum,
                                const QString &specialZero)
{
    auto *spin = new QSpinBox;
    spin->setObjectName(field + QStringLiteral("Spin"));
    spin->setRange(minimum, maximum);
    spin->setMinimumWidth(spin->fontMetrics().horizontalAdvance(QLatin1Char('0')) * 14);
    spin->setGroupSeparatorShown(true);
    if (!specialZero.isEmpty())
        spin->setSpecialValueText(specialZero);
    connect(spin, &QSpinBox::valueChanged, this, &SettingsPage::updateButtons);
    addRow(form,
           {field, spin, nullptr,
            [spin, member](const settings::Settings &s) {
                spin->setValue(int(std::clamp<qint64>(s.*member, spin->minimum(), spin->maximum())));
            },
            [spin, member](settings::Settings &s) { s.*member = spin->value(); }, differsBy(member)},
           label, spin);
    return spin;
}

void SettingsPage::addCombo(QFormLayout *form, const QString &field, const QString &label,
                            const QList<QPair<QString, QString>> &items, QString settings::Settings::*member)
{
    auto *combo = new QComboBox;
    combo->setObjectName(field + QStringLiteral("Combo"));
    for (const auto &[value, text] : items)
        combo->addItem(text, value);
    connect(combo, &QComboBox::currentIndexChanged, this, &SettingsPage::updateButtons);
    addRow(form,
           {field, combo, nullptr,
            [combo, member](const settings::Settings &s) {
                const int index = combo->findData(s.*member, Qt::UserRole, Qt::MatchFixedString);
                combo->setCurrentIndex(index < 0 ? 0 : index);
            },
            [combo, member](settings::Settings &s) { s.*member = combo->currentData().toString(); },
            differsBy(member)},
           label, combo, nullptr);
}

void SettingsPage::addFolder(QFormLayout *form, const QString &field, const QString &label,
                             QString settings::Settings::*member, bool checkModel, const QString &placeholder)
{
    auto *edit = new QLineEdit;
    edit->setObjectName(field + QStringLiteral("Edit"));
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    auto *browse = new QPushButton(themedIcon(QStringLiteral("folder-open")), tr("Browse…"));
    browse->setObjectName(field + QStringLiteral("BrowseButton"));
    auto *row = new QWidget;
    auto *h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(edit, 1);
    h->addWidget(browse);
    QLabel *result = nullptr;
    if (checkModel) {
        auto *check = new QPushButton(themedIcon(QStringLiteral("document-preview")), tr("Check"));
        check->setObjectName(field + QStringLiteral("CheckButton"));
        check->setToolTip(tr("Show what the folder contains"));
        h->addWidget(check);
        result = new QLabel;
        result->setObjectName(field + QStringLiteral("CheckLabel"));
        result->setWordWrap(true);
        result->setTextInteractionFlags(Qt::TextSelectableByMouse);
        result->hide();
        connect(check, &QPushButton::clicked, this, [this, edit, result] { checkModelFolder(edit, result); });
        connect(edit, &QLineEdit::textChanged, result, &QLabel::hide);
    }
    connect(edit, &QLineEdit::textChanged, this, &SettingsPage::updateButtons);
    connect(browse, &QPushButton::clicked, this, [this, edit, label] {
        // open(), not exec(): no nested event loop.
        auto *dialog = new QFileDialog(this, label, edit->text());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::Directory);
        dialog->setOption(QFileDialog::ShowDirsOnly);
        connect(dialog, &QFileDialog::fileSelected, edit, &QLineEdit::setText);
        dialog->open();
    });
    addRow(form,
           {field, row, nullptr, [edit, member](const settings::Settings &s) { edit->setText(s.*member); },
            [edit, member](settings::Settings &s) { s.*member = edit->text().trimmed(); }, differsBy(member)},
           label, row, result);
}

void SettingsPage::checkModelFolder(QLineEdit *edit, QLabel *result)
{
    const QString dir = edit->text().trimmed();
    result->setText(tr("Checking %1…").arg(dir));
    result->show();
    QtConcurrent::run([dir] {
        return describeModelFolder(dir);
    }).then(result, [edit = QPointer<QLineEdit>(edit), result, dir](const QString &text) {
        if (edit && edit->text().trimmed() == dir) // still the folder on screen
            result->setText(text);
    });
}

void SettingsPage::addServer(QFormLayout *form, const QString &prefix, const ServerMembers &members,
                             const QString &testText)
{
    ServerEditors &editors = servers_[prefix];
    editors.form = form;
    auto *location = new QComboBox;
    location->setObjectName(prefix + QStringLiteral("LocationCombo"));
    location->addItem(tr("On this computer"), QStringLiteral("local"));
    location->addItem(tr("On a server"), QStringLiteral("server"));
    editors.location = location;
    auto *note = new QLabel(prefix == QLatin1String("embedding")
                                ? tr("A GPU server that serves the model with vLLM's API (docs/SERVING.md). "
                                     "The model folder below, when set, gives the tokenizer that cuts text "
                                     "into chunks for ingestion.")
                                : tr("A GPU server that serves the reranker with vLLM's API "
                                     "(docs/SERVING.md)."));
    note->setObjectName(prefix + QStringLiteral("LocationNoteLabel"));
    note->setWordWrap(true);
    note->setEnabled(false); // a hint, like the override notes
    const auto url = members.url;
    // The URL decides where the model runs (as for cortex-cli): "On this computer" stores none.
    addRow(form,
           {prefix + QStringLiteral("Location"), location, nullptr,
            [location, url](const settings::Settings &s) {
                location->setCurrentIndex((s.*url).trimmed().isEmpty() ? 0 : 1);
            },
            [](settings::Settings &) {},
            [](const settings::Settings &, const settings::Settings &) {
                return false;
            }},
           tr("Runs:"), location, note);
    connect(location, &QComboBox::currentIndexChanged, this, [this, prefix] {
        showServerRows(prefix);
        updateButtons();
    });

    const auto lineEdit = [this](const QString &name, const QString &placeholder) {
        auto *edit = new QLineEdit;
        edit->setObjectName(name);
        edit->setPlaceholderText(placeholder);
        edit->setClearButtonEnabled(true);
        connect(edit, &QLineEdit::textChanged, this, &SettingsPage::updateButtons);
        return edit;
    };
    editors.url = lineEdit(prefix + QStringLiteral("ModelUrlEdit"), QStringLiteral("http://gpu-server:8000"));
    editors.name = lineEdit(prefix + QStringLiteral("ModelNameEdit"),
                            tr("The served model's name (empty: the one the server serves)"));
    editors.token = lineEdit(prefix + QStringLiteral("ModelTokenEdit"), tr("None"));
    editors.token->setEchoMode(QLineEdit::Password);
    auto *tokenNote = new QLabel(
        tr("The server's API key (vLLM's --api-key), sent only to that server. It is stored in %1, which "
           "only you can read; %2 goes first when set.")
            .arg(QSettings().fileName(), prefix == QLatin1String("embedding")
                                             ? QStringLiteral("CORTEX_MODEL_TOKEN")
                                             : QStringLiteral("CORTEX_RERANKER_TOKEN")));
    tokenNote->setObjectName(prefix + QStringLiteral("ModelTokenNoteLabel"));
    tokenNote->setWordWrap(true);
    tokenNote->setEnabled(false);
    editors.test = new QPushButton(themedIcon(QStringLiteral("network-connect")), testText);
    editors.test->setObjectName(prefix + QStringLiteral("TestConnectionButton"));
    editors.test->setToolTip(tr("Ask the server which model it serves"));
    editors.testResult = new QLabel;
    editors.testResult->setObjectName(prefix + QStringLiteral("TestConnectionLabel"));
    editors.testResult->setWordWrap(true);
    editors.testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    editors.testResult->hide();
    connect(editors.test, &QPushButton::clicked, this, [this, prefix] { testConnection(prefix); });
    for (QLineEdit *edit : {editors.url, editors.name, editors.token})
        connect(edit, &QLineEdit::textChanged, editors.testResult, &QLabel::hide);

    auto *urlEdit = editors.url;
    const auto text = [](QLineEdit *edit, QString settings::Settings::*member) {
        return [edit, member](const settings::Settings &s) {
            edit->setText(s.*member);
        };
    };
    editors.rows.push_back(addRow(form,
                                  {prefix + QStringLiteral("ModelUrl"), urlEdit, nullptr, text(urlEdit, url),
                                   [this, prefix, urlEdit, url](settings::Settings &s) {
                                       s.*url =
                                           isServerChosen(prefix) ? urlEdit->text().trimmed() : QString();
                                   },
                                   differsBy(url)},
                                  tr("Server URL:"), urlEdit));
    auto *nameEdit = editors.name;
    const auto name = members.name;
    editors.rows.push_back(addRow(
        form,
        {prefix + QStringLiteral("ModelName"), nameEdit, nullptr, text(nameEdit, name),
         [nameEdit, name](settings::Settings &s) { s.*name = nameEdit->text().trimmed(); }, differsBy(name)},
        tr("Served model:"), nameEdit));
    auto *tokenEdit = editors.token;
    const auto token = members.token;
    editors.rows.push_back(addRow(
        form,
        {prefix + QStringLiteral("ModelToken"), tokenEdit, nullptr, text(tokenEdit, token),
         [tokenEdit, token](settings::Settings &s) { s.*token = tokenEdit->text(); }, differsBy(token)},
        tr("Token:"), tokenEdit, tokenNote));
    auto *testRow = new QWidget;
    auto *testLayout = new QVBoxLayout(testRow);
    testLayout->setContentsMargins(0, 0, 0, 0);
    testLayout->addWidget(editors.test, 0, Qt::AlignLeft);
    testLayout->addWidget(editors.testResult);
    form->addRow(QString(), testRow);
    editors.rows.push_back(testRow);
    showServerRows(prefix);
}

bool SettingsPage::isServerChosen(const QString &prefix) const
{
    const auto it = servers_.find(prefix);
    return it != servers_.end() && it->second.location->currentData().toString() == QLatin1String("server");
}

void SettingsPage::showServerRows(const QString &prefix)
{
    auto &editors = servers_.at(prefix);
    const bool server = isServerChosen(prefix);
    for (QWidget *row : editors.rows)
        editors.form->setRowVisible(row, server);
    if (auto *note = findChild<QLabel *>(prefix + QStringLiteral("LocationNoteLabel")))
        note->setVisible(server);
}

void SettingsPage::testConnection(const QString &prefix)
{
    auto &editors = servers_.at(prefix);
    if (editors.testCancel) { // a second click cancels the test that runs
        *editors.testCancel = true;
        return;
    }
    const QString url = editors.url->text().trimmed();
    QString token = editors.token->text();
    if (token.isEmpty()) // the token the model would be used with
        token = qEnvironmentVariable(prefix == QLatin1String("embedding") ? "CORTEX_MODEL_TOKEN"
                                                                          : "CORTEX_RERANKER_TOKEN");
    auto cancel = std::make_shared<std::atomic_bool>(false);
    editors.testCancel = cancel;
    const QString testText = editors.test->text();
    editors.test->setText(tr("Cancel the test"));
    editors.testResult->setText(tr("Contacting %1… (at most %2 s without an answer)")
                                    .arg(url)
                                    .arg(application::kTestConnectionTimeoutMs / 1000));
    editors.testResult->show();
    application::testModelServer(url, editors.name->text(), token, [cancel] {
        return cancel->load();
    }).then(this, [this, prefix, cancel, testText, url](const Result<QString> &served) {
        auto &editors = servers_.at(prefix);
        if (editors.testCancel == cancel)
            editors.testCancel.reset();
        editors.test->setText(testText);
        if (served)
            editors.testResult->setText(tr("Connected: %1 serves %2.").arg(url, *served));
        else if (served.error().kind == ErrorKind::Cancelled)
            editors.testResult->setText(tr("The test was cancelled."));
        else
            editors.testResult->setText(tr("Failed: %1").arg(QString::fromStdString(served.error().message)));
    });
}

void SettingsPage::addLibraryApi(QFormLayout *form)
{
    api_.enabled = new QCheckBox(tr("Serve this &library to other programs"));
    api_.enabled->setObjectName(QStringLiteral("libraryApiCheck"));
    api_.enabled->setToolTip(tr("Other programs search this library over HTTP (POST /v1/search, as "
                                "cortex-cli serve answers it; docs/SERVING.md)"));
    // A switch: it serves or stops at once, apart from the other edits that Apply saves.
    connect(api_.enabled, &QCheckBox::toggled, this, [this](bool on) {
        if (!showing_)
            controller_->setLibraryApiEnabled(on);
    });
    auto *switchRow = new QWidget;
    auto *switchLayout = new QVBoxLayout(switchRow);
    switchLayout->setContentsMargins(0, 0, 0, 0);
    switchLayout->addWidget(api_.enabled);
    form->addRow(QString(), switchRow);

    auto *listen = new QLineEdit;
    listen->setObjectName(QStringLiteral("apiListenEdit"));
    listen->setPlaceholderText(QString::fromLatin1(application::kLibraryApiDefaultListen));
    connect(listen, &QLineEdit::textChanged, this, &SettingsPage::updateButtons);
    addRow(form,
           {QStringLiteral("apiListen"), listen, nullptr,
            [listen](const settings::Settings &s) { listen->setText(s.apiListen); },
            [listen](settings::Settings &s) {
                const QString text = listen->text().trimmed();
                s.apiListen =
                    text.isEmpty() ? QString::fromLatin1(application::kLibraryApiDefaultListen) : text;
            },
            differsBy(&settings::Settings::apiListen)},
           tr("Listen on:"), listen);

    const auto readOnly = [](const QString &name) {
        auto *edit = new QLineEdit;
        edit->setObjectName(name);
        edit->setReadOnly(true);
        return edit;
    };
    api_.address = readOnly(QStringLiteral("libraryApiAddressEdit"));
    api_.address->setPlaceholderText(tr("Not serving"));
    auto *addressLabel = new QLabel(tr("Address:"));
    addressLabel->setBuddy(api_.address);
    rowLabels_.push_back(addressLabel);
    form->addRow(addressLabel, api_.address);

    api_.token = readOnly(QStringLiteral("libraryApiTokenEdit"));
    api_.copy = new QPushButton(themedIcon(QStringLiteral("edit-copy")), tr("Cop&y"));
    api_.copy->setObjectName(QStringLiteral("libraryApiCopyButton"));
    api_.copy->setToolTip(tr("Copy the token: requests send it as \"Authorization: Bearer <token>\""));
    connect(api_.copy, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(api_.token->text()); });
    api_.newToken = new QPushButton(themedIcon(QStringLiteral("view-refresh")), tr("New to&ken…"));
    api_.newToken->setObjectName(QStringLiteral("libraryApiNewTokenButton"));
    api_.newToken->setToolTip(tr("Replace the token: programs that use the old one are refused"));
    connect(api_.newToken, &QPushButton::clicked, this, &SettingsPage::confirmNewToken);
    auto *tokenRow = new QWidget;
    auto *tokenLayout = new QHBoxLayout(tokenRow);
    tokenLayout->setContentsMargins(0, 0, 0, 0);
    tokenLayout->addWidget(api_.token, 1);
    tokenLayout->addWidget(api_.copy);
    tokenLayout->addWidget(api_.newToken);
    auto *tokenLabel = new QLabel(tr("Token:"));
    tokenLabel->setBuddy(api_.token);
    rowLabels_.push_back(tokenLabel);
    form->addRow(tokenLabel, tokenRow);

    api_.status = new QLabel;
    api_.status->setObjectName(QStringLiteral("libraryApiStatusLabel"));
    api_.status->setWordWrap(true);
    api_.status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    api_.warning = new QLabel;
    api_.warning->setObjectName(QStringLiteral("libraryApiWarningLabel"));
    api_.warning->setWordWrap(true);
    api_.warning->hide();
    auto *statusRow = new QWidget;
    auto *statusLayout = new QVBoxLayout(statusRow);
    statusLayout->setContentsMargins(0, 0, 0, 0);
    statusLayout->addWidget(api_.status);
    statusLayout->addWidget(api_.warning);
    form->addRow(QString(), statusRow);
}

void SettingsPage::showLibraryApi()
{
    const auto &api = controller_->libraryApi();
    const bool on = controller_->storedSettings().apiEnabled;
    const bool wasShowing = showing_;
    showing_ = true; // not a user's toggle
    api_.enabled->setChecked(on);
    showing_ = wasShowing;
    api_.address->setText(api.searchUrl());
    api_.token->setText(QString::fromLatin1(api.token()));
    api_.copy->setEnabled(api.isServing());
    const QString problem = controller_->libraryApiProblem();
    if (!on)
        api_.status->setText(tr("Off: no other program can search this library."));
    else if (!problem.isEmpty())
        api_.status->setText(tr("Not serving: %1").arg(problem));
    else
        api_.status->setText(
            tr("Serving the open library at %1; every request must send the token.").arg(api.searchUrl()));
    api_.warning->setText(tr("Warning: this address can be reached from other computers. Anyone who has the "
                             "token can search this library from there; the traffic is not encrypted."));
    api_.warning->setVisible(api.isReachableFromOtherComputers());
}

void SettingsPage::confirmNewToken()
{
    // open(), not exec(): no nested event loop.
    auto *ask = new QMessageBox(QMessageBox::Question, tr("New Token"),
                                tr("Replace the library API's token? Programs that use the current one "
                                   "are refused until they are given the new one."),
                                QMessageBox::NoButton, this);
    ask->setObjectName(QStringLiteral("libraryApiNewTokenDialog"));
    ask->setAttribute(Qt::WA_DeleteOnClose);
    auto *replace = ask->addButton(tr("Replace the Token"), QMessageBox::AcceptRole);
    replace->setObjectName(QStringLiteral("libraryApiReplaceTokenButton"));
    ask->addButton(QMessageBox::Cancel);
    connect(replace, &QPushButton::clicked, this, [this] {
        if (const Status replaced = controller_->replaceLibraryApiToken(); !replaced)
            errorLabel_->setText(
                tr("No new token: %1").arg(QString::fromStdString(replaced.error().message)));
    });
    ask->open();
}

settings::Settings SettingsPage::editedSettings() const
{
    settings::Settings s = controller_->storedSettings();
    const QStringList overridden = overriddenFields(controller_->overriddenKeys());
    for (const auto &b : bindings_)
        if (!overridden.contains(b.field))
            b.store(s);
    return s;
}

QString SettingsPage::validate(const settings::Settings &s) const
{
    if (isServerChosen(QStringLiteral("embedding")) && s.embeddingModelUrl.isEmpty())
        return tr("Enter the URL of the server that serves the embedding model, or choose \"On this "
                  "computer\".");
    if (isServerChosen(QStringLiteral("reranker")) && s.rerankerModelUrl.isEmpty())
        return tr("Enter the URL of the server that serves the reranker, or choose \"On this computer\".");
    if (s.chunkOverlap >= s.chunkTokens)
        return tr("The chunk overlap (%1 tokens) must be smaller than the chunk size (%2 tokens).")
            .arg(s.chunkOverlap)
            .arg(s.chunkTokens);
    if (const QString problem = application::listenAddressProblem(s.apiListen); !problem.isEmpty())
        return tr("The library API's address: %1").arg(problem);
    if (s.minPixels > s.maxPixels)
        return tr("The minimum pixels (%L1) must not exceed the maximum pixels (%L2).")
            .arg(s.minPixels)
            .arg(s.maxPixels);
    return {};
}

void SettingsPage::apply()
{
    const settings::Settings s = editedSettings();
    if (const QString problem = validate(s); !problem.isEmpty()) {
        errorLabel_->setText(problem);
        return;
    }
    errorLabel_->clear();
    controller_->applySettings(s); // settingsChanged -> revert() shows the result
}

void SettingsPage::revert()
{
    const auto &stored = controller_->storedSettings();
    const auto &effective = controller_->settings();
    const QStringList overridden = overriddenFields(controller_->overriddenKeys());
    showing_ = true;
    for (const auto &b : bindings_) {
        const bool isOverridden = overridden.contains(b.field);
        b.show(isOverridden ? effective : stored);
        b.editor->setEnabled(!isOverridden);
        const QString variable = variableForSettingsField(b.field);
        b.overrideNote->setText(
            isOverridden ? tr("Overridden by %1=%2 (environment variable).")
                               .arg(variable, qEnvironmentVariable(variable.toLatin1().constData()))
                         : QString());
        b.overrideNote->setVisible(isOverridden);
    }
    showing_ = false;
    errorLabel_->setText(controller_->environmentProblems().join(QLatin1Char('\n')));
    updateButtons();
}

void SettingsPage::updateButtons()
{
    if (showing_)
        return;
    const settings::Settings edited = editedSettings();
    const auto &stored = controller_->storedSettings();
    bool changed = false;
    for (const auto &b : bindings_)
        changed = changed || b.differs(edited, stored);
    applyButton_->setEnabled(changed);
    revertButton_->setEnabled(changed);
}

} // namespace cortex::ui

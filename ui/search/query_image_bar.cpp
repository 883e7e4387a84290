#include "ui/search/query_image_bar.h"

#include "application/search_query.h"
#include "ui/search/crop_dialog.h"
#include "ui/search/image_chip.h"

#include <QHBoxLayout>

namespace cortex::ui {

QueryImageBar::QueryImageBar(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("searchQueryImages"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    // A fixed row of chips that show the images in order: a chip stays the same widget while the images
    // before it come and go, so nothing holds a pointer to a deleted chip.
    for (int i = 0; i < kMaxImages; ++i) {
        auto *chip = new ImageChip(this);
        connect(chip, &ImageChip::removeRequested, this, [this, i] { removeAt(i); });
        connect(chip, &ImageChip::cropRequested, this, [this, i] { openCropDialog(i); });
        layout->addWidget(chip);
        chips_ << chip;
    }
}

QList<QImage> QueryImageBar::images() const
{
    QList<QImage> out;
    for (const Entry &entry : entries_)
        out << entry.image;
    return out;
}

QImage QueryImageBar::sourceImage(int index) const
{
    return index >= 0 && index < count() ? entries_[index].source : QImage();
}

QRect QueryImageBar::crop(int index) const
{
    return index >= 0 && index < count() ? entries_[index].crop : QRect();
}

QString QueryImageBar::add(const QImage &image)
{
    if (image.isNull())
        return tr("The image is empty.");
    if (count() >= kMaxImages)
        return tr("A query holds at most %n image(s): remove one to add another.", nullptr, kMaxImages);
    if (int64_t(image.width()) * image.height() > application::kMaxQueryImagePixels)
        return tr("The image is %1 × %2 pixels, more than the %3 megapixels a query image may have: scale "
                  "it down first.")
            .arg(image.width())
            .arg(image.height())
            .arg(application::kMaxQueryImagePixels / 1'000'000);
    entries_.append(Entry{nextId_++, image, QRect(), image});
    showEntries();
    emit imagesChanged();
    return {};
}

void QueryImageBar::removeAt(int index)
{
    if (index < 0 || index >= count())
        return;
    entries_.removeAt(index);
    showEntries();
    emit imagesChanged();
}

void QueryImageBar::clear()
{
    if (entries_.isEmpty())
        return;
    entries_.clear();
    showEntries();
    emit imagesChanged();
}

void QueryImageBar::setCrop(int index, const QRect &crop)
{
    if (index < 0 || index >= count())
        return;
    Entry &entry = entries_[index];
    const QRect clamped = crop.normalized().intersected(entry.source.rect());
    entry.crop = clamped.isEmpty() || clamped == entry.source.rect() ? QRect() : clamped;
    entry.image = entry.crop.isNull() ? entry.source : entry.source.copy(entry.crop);
    showEntries();
    emit imagesChanged();
}

void QueryImageBar::openCropDialog(int index)
{
    if (index < 0 || index >= count())
        return;
    auto *dialog = new CropDialog(entries_[index].source, entries_[index].crop, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const uint64_t id = entries_[index].id;
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        for (int i = 0; i < count(); ++i)
            if (entries_[i].id == id) {
                setCrop(i, dialog->selection());
                emit imageCropped(i);
                return;
            }
    });
    dialog->open();
}

void QueryImageBar::showEntries()
{
    for (int i = 0; i < chips_.size(); ++i) {
        if (i < count())
            chips_[i]->setImage(entries_[i].image, entries_[i].source.size());
        else
            chips_[i]->setImage({});
    }
}

} // namespace cortex::ui

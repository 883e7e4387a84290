#include "ui/search/image_chip.h"

#include "ui/common/icons.h"

#include <QHBoxLayout>
#include <QPixmap>
#include <QToolButton>

namespace cortex::ui {

namespace {
constexpr int kThumbnailSide = 32;
}

ImageChip::ImageChip(QWidget *parent) : QFrame(parent), thumbnail_(new QToolButton(this))
{
    setObjectName(QStringLiteral("searchImageChip"));
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    // A button rather than a label, so that the crop dialog is also reached with the keyboard.
    thumbnail_->setObjectName(QStringLiteral("searchImageChipThumbnail"));
    thumbnail_->setIconSize(QSize(kThumbnailSide, kThumbnailSide));
    thumbnail_->setAutoRaise(true);
    connect(thumbnail_, &QToolButton::clicked, this, &ImageChip::cropRequested);
    auto *remove = new QToolButton(this);
    remove->setObjectName(QStringLiteral("searchImageChipRemove"));
    remove->setIcon(themedIcon(QStringLiteral("edit-clear")));
    remove->setAutoRaise(true);
    remove->setToolTip(tr("Remove this image from the query"));
    connect(remove, &QToolButton::clicked, this, &ImageChip::removeRequested);
    layout->addWidget(thumbnail_);
    layout->addWidget(remove);
    hide();
}

void ImageChip::setImage(const QImage &image, QSize sourceSize)
{
    image_ = image;
    if (image.isNull()) {
        thumbnail_->setIcon(QIcon());
        hide();
        return;
    }
    // A huge image is first thinned out fast, so that the smooth scaling works on a few thousand pixels.
    const QImage reduced = image.width() > 8 * kThumbnailSide || image.height() > 8 * kThumbnailSide
                               ? image.scaled(8 * kThumbnailSide, 8 * kThumbnailSide, Qt::KeepAspectRatio,
                                              Qt::FastTransformation)
                               : image;
    thumbnail_->setIcon(QPixmap::fromImage(
        reduced.scaled(kThumbnailSide, kThumbnailSide, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    QString tip = tr("Query image, %1 × %2 pixels").arg(image.width()).arg(image.height());
    if (sourceSize.isValid() && sourceSize != image.size())
        tip += tr(", cropped from %1 × %2").arg(sourceSize.width()).arg(sourceSize.height());
    tip += tr(". Click to crop it.");
    setToolTip(tip);
    thumbnail_->setToolTip(tip);
    show();
}

} // namespace cortex::ui

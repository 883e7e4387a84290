#include "ui/search/image_chip.h"

#include "ui/common/icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QToolButton>

namespace cortex::ui {

ImageChip::ImageChip(QWidget *parent) : QFrame(parent), thumbnail_(new QLabel(this))
{
    setObjectName(QStringLiteral("searchImageChip"));
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    thumbnail_->setFixedSize(32, 32);
    thumbnail_->setAlignment(Qt::AlignCenter);
    auto *remove = new QToolButton(this);
    remove->setObjectName(QStringLiteral("searchImageChipRemove"));
    remove->setIcon(themedIcon(QStringLiteral("edit-clear")));
    remove->setAutoRaise(true);
    remove->setToolTip(tr("Remove the query image"));
    connect(remove, &QToolButton::clicked, this, &ImageChip::removeRequested);
    layout->addWidget(thumbnail_);
    layout->addWidget(remove);
    hide();
}

void ImageChip::setImage(const QImage &image)
{
    image_ = image;
    if (image.isNull()) {
        thumbnail_->clear();
        hide();
        return;
    }
    thumbnail_->setPixmap(
        QPixmap::fromImage(image.scaled(32, 32, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    setToolTip(tr("Query image, %1 × %2 pixels").arg(image.width()).arg(image.height()));
    show();
}

} // namespace cortex::ui

#include "ui/search/crop_dialog.h"

#include "ui/search/crop_view.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace cortex::ui {

CropDialog::CropDialog(const QImage &image, const QRect &selection, QWidget *parent)
    : QDialog(parent), image_(image), view_(new CropView(image, this)), sizeLabel_(new QLabel(this))
{
    setObjectName(QStringLiteral("searchCropDialog"));
    setWindowTitle(tr("Crop the Query Image"));
    auto *hint = new QLabel(tr("Drag a rectangle over the part of the image to search with."), this);
    hint->setWordWrap(true);
    sizeLabel_->setObjectName(QStringLiteral("searchCropSizeLabel"));
    auto *buttons =
        new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Reset, this);
    okButton_ = buttons->button(QDialogButtonBox::Ok);
    okButton_->setObjectName(QStringLiteral("searchCropOkButton"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("searchCropCancelButton"));
    QPushButton *resetButton = buttons->button(QDialogButtonBox::Reset);
    resetButton->setObjectName(QStringLiteral("searchCropResetButton"));
    resetButton->setToolTip(tr("Select the whole image again"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(resetButton, &QPushButton::clicked, this, &CropDialog::reset);
    connect(view_, &CropView::selectionChanged, this, &CropDialog::updateState);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addWidget(view_, 1);
    layout->addWidget(sizeLabel_);
    layout->addWidget(buttons);

    if (!selection.isEmpty())
        view_->setSelection(selection);
    updateState();
}

QRect CropDialog::selection() const
{
    return view_->selection();
}

void CropDialog::setSelection(const QRect &imagePixels)
{
    view_->setSelection(imagePixels);
}

void CropDialog::reset()
{
    view_->setSelection(image_.rect());
}

QImage CropDialog::croppedImage() const
{
    const QRect selected = selection();
    if (selected.isEmpty())
        return {};
    return selected == image_.rect() ? image_ : image_.copy(selected);
}

void CropDialog::updateState()
{
    const QRect selected = selection();
    okButton_->setEnabled(!selected.isEmpty());
    if (selected.isEmpty())
        sizeLabel_->setText(tr("Nothing selected: drag a rectangle over the image."));
    else if (selected == image_.rect())
        sizeLabel_->setText(tr("The whole image, %1 × %2 pixels.").arg(image_.width()).arg(image_.height()));
    else
        sizeLabel_->setText(tr("%1 × %2 pixels of %3 × %4, from (%5, %6).")
                                .arg(selected.width())
                                .arg(selected.height())
                                .arg(image_.width())
                                .arg(image_.height())
                                .arg(selected.x())
                                .arg(selected.y()));
}

} // namespace cortex::ui

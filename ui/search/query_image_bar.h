#pragma once
// The images of a search query, as chips beside the search field: each pasted or dropped image adds a
// chip (up to kMaxImages), each chip can be removed or cropped (its thumbnail opens the crop dialog), and
// the text of the query and every image here are embedded together as one query.
//
// A chip keeps its image whole with the crop on it, so that the crop dialog shows the whole image
// again with the crop selected, and Reset gives the whole image back.

#include <QImage>
#include <QList>
#include <QRect>
#include <QWidget>

#include <cstdint>

namespace cortex::ui {

class ImageChip;

class QueryImageBar : public QWidget {
    Q_OBJECT
public:
    // Each image adds its own tokens to the query (up to the model's pixel budget each), and the chips
    // share the search row with the text.
    static constexpr int kMaxImages = 4;

    explicit QueryImageBar(QWidget *parent = nullptr);

    int count() const { return int(entries_.size()); }
    QList<QImage> images() const; // as they are searched: each cropped
    QImage sourceImage(int index) const;
    QRect crop(int index) const; // in the source image's pixels; null for the whole image

    // Adds `image` as a chip. Returns why it was not added (there are kMaxImages already, it is larger
    // than application::kMaxQueryImagePixels, it is null), or an empty string when it was.
    QString add(const QImage &image);
    void removeAt(int index);
    void clear();
    // A null or empty rectangle, or the whole image, removes the crop; it is clamped to the image.
    void setCrop(int index, const QRect &crop);
    // The crop dialog for one image, window-modal (open(), not exec()); its OK crops the image and
    // emits imageCropped.
    void openCropDialog(int index);

signals:
    void imagesChanged();
    void imageCropped(int index);

private:
    struct Entry {
        uint64_t id = 0; // stays with the image while others are added or removed before it
        QImage source = {};
        QRect crop = {};
        QImage image = {}; // source cropped
    };
    void showEntries();

    QList<Entry> entries_;
    QList<ImageChip *> chips_; // kMaxImages of them, the first count() showing entries_ in order
    uint64_t nextId_ = 1;
};

} // namespace cortex::ui

#pragma once
// The main window: five tabs (Ingest, Search, Collections, Settings, Maintenance), the model sidebar
// beside Ingest and Search, the status bar with the running ingestion jobs, the keyboard shortcuts
// (Ctrl+F find, Ctrl+V paste an image as the query, Ctrl+O add files), and the window geometry and last
// tab restored from QSettings.
//
// Ctrl+V on the Search tab: a text field that has the focus keeps its ordinary paste while the clipboard
// holds text; when the clipboard holds an image and no text, the image becomes the query.

#include <QList>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QSplitter;
class QTabWidget;

namespace cortex::session {
class IngestJob;
}

namespace cortex::ui {

class AppController;
class ModelSidebar;
class SettingsPage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Narrower windows give the page the whole width (the sidebar comes back with View > Sidebar).
    static constexpr int kSidebarMinWindowWidth = 960;
    // Smaller than this, labels and buttons would be cut.
    static constexpr QSize kMinimumWindowSize{640, 480};

    enum Tab { IngestTab, SearchTab, CollectionsTab, SettingsTab, MaintenanceTab, TabCount };
    Q_ENUM(Tab)

    explicit MainWindow(AppController *controller, QWidget *parent = nullptr);
    ~MainWindow() override;

    QTabWidget *tabs() const { return tabs_; }
    ModelSidebar *sidebar() const { return sidebar_; }
    QWidget *page(Tab tab) const;

public slots:
    void showSearch();   // Ctrl+F: the Search tab, focus in the query
    void pasteImage();   // the clipboard's image as the query
    void chooseFiles();  // Ctrl+O: a file dialog (not modal to the event loop), then addPaths
    void chooseFolder(); // a folder dialog, then addPaths
    // The first-run banner's "Choose a Folder…": a folder dialog; the folder becomes the embedding model.
    void chooseEmbeddingModelFolder();
    void addPaths(const QStringList &paths); // the Ingest tab, the paths handed to it
    void showTab(cortex::ui::MainWindow::Tab tab);

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void updateSidebarVisibility();
    QList<session::IngestJob *> activeJobs() const; // queued or running
    void pauseAndQuit();
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildPages();
    void buildActions();
    void restoreWindowState();
    void saveWindowState() const;
    void onTabChanged(int index);
    void watchJob(session::IngestJob *job);
    void updateJobStatus();
    void updateComputeStatus();
    void applySearchLimits();

    AppController *controller_;
    QTabWidget *tabs_ = nullptr;
    QSplitter *splitter_ = nullptr;
    ModelSidebar *sidebar_ = nullptr;
    QWidget *pages_[TabCount] = {};
    QLabel *jobLabel_ = nullptr;
    QLabel *watchLabel_ = nullptr;   // the background sync of watched folders, or its last result
    QLabel *computeLabel_ = nullptr; // "CPU, bfloat16": where the embedding model runs
    bool restoring_ = false;
    QAction *sidebarAction_ = nullptr; // View > Sidebar
    bool sidebarForced_ = false;       // shown by the user although the window is narrow
    bool pausingToQuit_ = false;       // "Pause and Quit" chosen: the window closes once the jobs stopped
};

} // namespace cortex::ui

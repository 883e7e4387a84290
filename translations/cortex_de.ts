<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>Format</name>
    <message>
        <location filename="../ui/common/format.cpp" line="+18"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>CPU, %1</source>
        <translation>CPU, %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GPU %1, %2</source>
        <translation>GPU %1, %2</translation>
    </message>
</context>
<context>
    <name>ModelChoice</name>
    <message>
        <location filename="../core/session/model_choice.cpp" line="+27"/>
        <source>%1 GB free on %2</source>
        <translation>%1 GB frei auf %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no GPU</source>
        <translation>keine GPU</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>no reranker</source>
        <translation>kein Reranker</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 reranker%2</source>
        <translation>%1-Reranker%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (loaded on demand)</source>
        <translation> (bei Bedarf geladen)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Recommended for this computer (%1): %2 embedding model on the %3, %4.</source>
        <translation>Empfohlen für diesen Computer (%1): %2-Einbettungsmodell auf der %3, %4.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
</context>
<context>
    <name>WatchActivityText</name>
    <message numerus="yes">
        <location filename="../ui/ingest/watch_activity_text.cpp" line="+23"/>
        <source>%n new</source>
        <translation>
            <numerusform>%n neu</numerusform>
            <numerusform>%n neu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n changed</source>
        <translation>
            <numerusform>%n geändert</numerusform>
            <numerusform>%n geändert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n moved</source>
        <translation>
            <numerusform>%n verschoben</numerusform>
            <numerusform>%n verschoben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n deleted</source>
        <translation>
            <numerusform>%n gelöscht</numerusform>
            <numerusform>%n gelöscht</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n still being written</source>
        <translation>
            <numerusform>%n wird noch geschrieben</numerusform>
            <numerusform>%n werden noch geschrieben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n unavailable</source>
        <translation>
            <numerusform>%n nicht verfügbar</numerusform>
            <numerusform>%n nicht verfügbar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Syncing %n watched folder(s)</source>
        <translation>
            <numerusform>%n beobachteter Ordner wird abgeglichen</numerusform>
            <numerusform>%n beobachtete Ordner werden abgeglichen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Watched folders: the sync at %1 stopped: %2</source>
        <translation>Beobachtete Ordner: Der Abgleich um %1 wurde beendet: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Watched folders synced at %1: %2</source>
        <translation>Beobachtete Ordner um %1 abgeglichen: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no changes</source>
        <translation>keine Änderungen</translation>
    </message>
</context>
<context>
    <name>cortex::session::ModelDownloadJob</name>
    <message>
        <location filename="../core/session/model_download_job.cpp" line="+51"/>
        <source>The Hub could not be reached; the copy of %1 in the cache is complete.</source>
        <translation>Der Hub ist nicht erreichbar; die Kopie von %1 im Cache ist vollständig.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is complete: %2 files downloaded (%3 MB), %4 already present.</source>
        <translation>%1 ist vollständig: %2 Dateien heruntergeladen (%3 MB), %4 bereits vorhanden.</translation>
    </message>
</context>
<context>
    <name>cortex::ui</name>
    <message>
        <location filename="../ui/ingest/page_image_choice.cpp" line="+28"/>
        <source>Off (text only)</source>
        <translation>Aus (nur Text)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 px (standard)</source>
        <translation>%1 px (Standard)</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+3"/>
        <source>%1 px</source>
        <translation>%1 px</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF pages are also embedded as images at this size (the longer side)</source>
        <translation>PDF-Seiten werden zusätzlich als Bilder in dieser Größe eingebettet (die längere Seite)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Only text is embedded: scans, charts and slides without text are not found.</source>
        <translation>Nur Text wird eingebettet: Scans, Diagramme und Folien ohne Text werden nicht gefunden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The cost of a page is not measured yet on this computer: ingesting PDFs measures it.</source>
        <translation>Die Kosten einer Seite sind auf diesem Computer noch nicht gemessen: das Einlesen von PDFs misst sie.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>under a second</source>
        <translation>unter einer Sekunde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About %1 a page here (%2).</source>
        <translation>Etwa %1 pro Seite hier (%2).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About %1 a page here (%2; estimated from %3 px pages).</source>
        <translation>Etwa %1 pro Seite hier (%2; geschätzt aus Seiten mit %3 px).</translation>
    </message>
</context>
<context>
    <name>cortex::ui::AppController</name>
    <message>
        <location filename="../ui/shell/app_controller.cpp" line="+174"/>
        <source>The library API is not served: %1</source>
        <translation>Die Bibliotheks-API wird nicht bereitgestellt: %1</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Cannot open the library: %1</source>
        <translation>Die Bibliothek kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The models are turned off (QWEN3_VL_ENABLED or the settings): search and ingestion need the embedding model.</source>
        <translation>Die Modelle sind ausgeschaltet (QWEN3_VL_ENABLED oder die Einstellungen): Suche und Einlesen benötigen das Einbettungsmodell.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Loading the embedding model from %1…</source>
        <translation>Einbettungsmodell wird aus %1 geladen …</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot load the embedding model from %1: %2</source>
        <translation>Das Einbettungsmodell aus %1 kann nicht geladen werden: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Connecting to the model server at %1 once the library is open…</source>
        <translation>Verbindung zum Modellserver unter %1, sobald die Bibliothek geöffnet ist…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connecting to the model server at %1…</source>
        <translation>Verbinde mit dem Modellserver unter %1…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot use the served embedding model: %1</source>
        <translation>Das bereitgestellte Einbettungsmodell kann nicht verwendet werden: %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The model&apos;s fingerprint was not recorded in the library: %1</source>
        <translation>Der Fingerabdruck des Modells wurde nicht in der Bibliothek gespeichert: %1</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>No embedding model is configured: download %1 (about %2 GB, recommended for this computer), or choose a model folder in Settings.</source>
        <translation>Kein Einbettungsmodell eingerichtet: Laden Sie %1 herunter (etwa %2 GB, für diesen Computer empfohlen) oder wählen Sie in den Einstellungen einen Modellordner.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Using %1 found in %2.</source>
        <translation>%1 aus %2 wird verwendet.</translation>
    </message>
</context>
<context>
    <name>cortex::ui::CollectionsModel</name>
    <message>
        <location filename="../ui/collections/collections_model.cpp" line="+11"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
</context>
<context>
    <name>cortex::ui::CollectionsPage</name>
    <message>
        <location filename="../ui/collections/collections_actions.cpp" line="+77"/>
        <source>Type the name of the new collection first.</source>
        <translation>Geben Sie zuerst den Namen der neuen Sammlung ein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Created the collection “%1”.</source>
        <translation>Die Sammlung „%1“ wurde erstellt.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Select a collection and type its new name first.</source>
        <translation>Wählen Sie zuerst eine Sammlung aus und geben Sie ihren neuen Namen ein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Renamed “%1” to “%2”.</source>
        <translation>„%1“ wurde in „%2“ umbenannt.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Merge collections</source>
        <translation>Sammlungen zusammenführen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Merge “%1” into “%2”?</source>
        <translation>„%1“ mit „%2“ zusammenführen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every document of “%1” moves to “%2”, and “%1” is deleted.</source>
        <translation>Alle Dokumente aus „%1“ werden nach „%2“ verschoben, und „%1“ wird gelöscht.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merged “%1” into “%2”.</source>
        <translation>„%1“ wurde mit „%2“ zusammengeführt.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Delete collection</source>
        <translation>Sammlung löschen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delete the collection “%1”?</source>
        <translation>Die Sammlung „%1“ löschen?</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>The documents that are only in this collection are deleted from the library too (this collection holds %n document(s)). Documents that are also in another collection stay.</source>
        <translation>
            <numerusform>Dokumente, die nur in dieser Sammlung sind, werden auch aus der Bibliothek gelöscht (diese Sammlung enthält %n Dokument). Dokumente, die auch in einer anderen Sammlung sind, bleiben erhalten.</numerusform>
            <numerusform>Dokumente, die nur in dieser Sammlung sind, werden auch aus der Bibliothek gelöscht (diese Sammlung enthält %n Dokumente). Dokumente, die auch in einer anderen Sammlung sind, bleiben erhalten.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deleted the collection “%1”.</source>
        <translation>Die Sammlung „%1“ wurde gelöscht.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Set the tags of “%1”.</source>
        <translation>Die Schlagwörter von „%1“ wurden festgelegt.</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Moved %n document(s) to “%1”.</source>
        <translation>
            <numerusform>%n Dokument wurde nach „%1“ verschoben.</numerusform>
            <numerusform>%n Dokumente wurden nach „%1“ verschoben.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Removed %n document(s) from “%1”; they stay in the library.</source>
        <translation>
            <numerusform>%n Dokument wurde aus „%1“ entfernt; es bleibt in der Bibliothek.</numerusform>
            <numerusform>%n Dokumente wurden aus „%1“ entfernt; sie bleiben in der Bibliothek.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Export collection</source>
        <translation>Sammlung exportieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+33"/>
        <source>Cortex collections (*.cortex);;All files (*)</source>
        <translation>Cortex-Sammlungen (*.cortex);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Exporting “%1”</source>
        <translation>„%1“ wird exportiert</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Exported %n document(s) (%1 items) to %2.</source>
        <translation>
            <numerusform>%n Dokument (%1 Elemente) wurde nach %2 exportiert.</numerusform>
            <numerusform>%n Dokumente (%1 Elemente) wurden nach %2 exportiert.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+61"/>
        <source>Import collection</source>
        <translation>Sammlung importieren</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>Importing %1 and embedding it again</source>
        <translation>%1 wird importiert und neu eingebettet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Importing %1</source>
        <translation>%1 wird importiert</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Imported %n document(s) (%1 items) into “%2”.</source>
        <translation>
            <numerusform>%n Dokument (%1 Elemente) wurde in „%2“ importiert.</numerusform>
            <numerusform>%n Dokumente (%1 Elemente) wurden in „%2“ importiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n document(s) skipped: the library already holds other content at their paths.</source>
        <translation>
            <numerusform>%n Dokument übersprungen: Die Bibliothek enthält unter seinem Pfad bereits andere Inhalte.</numerusform>
            <numerusform>%n Dokumente übersprungen: Die Bibliothek enthält unter ihren Pfaden bereits andere Inhalte.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Its items were embedded again with this library&apos;s model.</source>
        <translation>Ihre Elemente wurden mit dem Modell dieser Bibliothek neu eingebettet.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 was made with %2 (%3 dimensions), but this library uses %4 (%5 dimensions); its vectors cannot be mixed with the library&apos;s.</source>
        <translation>%1 wurde mit %2 (%3 Dimensionen) erstellt, diese Bibliothek verwendet aber %4 (%5 Dimensionen); ihre Vektoren lassen sich nicht mit denen der Bibliothek mischen.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Load this library&apos;s model (%1) to embed the collection again, or run cortex-cli import --re-embed.</source>
        <translation>Laden Sie das Modell dieser Bibliothek (%1), um die Sammlung neu einzubetten, oder führen Sie cortex-cli import --re-embed aus.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Its items can be embedded again with this library&apos;s model (%1). This takes a while for large collections.</source>
        <translation>Ihre Elemente können mit dem Modell dieser Bibliothek (%1) neu eingebettet werden. Bei großen Sammlungen dauert das eine Weile.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re-embed with this library&apos;s model</source>
        <translation>Mit dem Modell dieser Bibliothek neu einbetten</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nothing was imported.</source>
        <translation>Es wurde nichts importiert.</translation>
    </message>
    <message>
        <location filename="../ui/collections/collections_page.cpp" line="+76"/>
        <source>Collections</source>
        <translation>Sammlungen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Collection name</source>
        <translation>Name der Sammlung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Create</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give the selected collection the name typed on the left</source>
        <translation>Der ausgewählten Sammlung den links eingegebenen Namen geben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete…</source>
        <translation>Löschen …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export…</source>
        <translation>Exportieren …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import…</source>
        <translation>Importieren …</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Tags, separated by commas</source>
        <translation>Schlagwörter, durch Kommas getrennt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set tags</source>
        <translation>Schlagwörter festlegen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The collection that merged or moved documents go to</source>
        <translation>Die Sammlung, in die zusammengeführte oder verschobene Dokumente kommen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge into…</source>
        <translation>Zusammenführen mit …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Move every document of the selected collection into the chosen one and delete the selected collection</source>
        <translation>Alle Dokumente der ausgewählten Sammlung in die gewählte verschieben und die ausgewählte Sammlung löschen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tags:</source>
        <translation>Schlagwörter:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Other collection:</source>
        <translation>Andere Sammlung:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+120"/>
        <source>Select a collection to see its documents.</source>
        <translation>Wählen Sie eine Sammlung aus, um ihre Dokumente zu sehen.</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Move to other collection</source>
        <translation>In andere Sammlung verschieben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove from collection</source>
        <translation>Aus Sammlung entfernen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The documents stay in the library; only this collection lets them go</source>
        <translation>Die Dokumente bleiben in der Bibliothek; sie werden nur aus dieser Sammlung entfernt</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Documents of “%1”</source>
        <translation>Dokumente von „%1“</translation>
    </message>
</context>
<context>
    <name>cortex::ui::CropDialog</name>
    <message>
        <location filename="../ui/search/crop_dialog.cpp" line="+16"/>
        <source>Crop the Query Image</source>
        <translation>Suchbild zuschneiden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drag a rectangle over the part of the image to search with.</source>
        <translation>Ziehen Sie ein Rechteck über den Teil des Bildes, mit dem gesucht werden soll.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Select the whole image again</source>
        <translation>Wieder das ganze Bild auswählen</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Nothing selected: drag a rectangle over the image.</source>
        <translation>Nichts ausgewählt: Ziehen Sie ein Rechteck über das Bild.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The whole image, %1 × %2 pixels.</source>
        <translation>Das ganze Bild, %1 × %2 Pixel.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 × %2 pixels of %3 × %4, from (%5, %6).</source>
        <translation>%1 × %2 Pixel von %3 × %4, ab (%5, %6).</translation>
    </message>
</context>
<context>
    <name>cortex::ui::DocumentsModel</name>
    <message>
        <location filename="../ui/collections/documents_model.cpp" line="+46"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Indexed</source>
        <translation>Indiziert</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
</context>
<context>
    <name>cortex::ui::DropZone</name>
    <message>
        <location filename="../ui/ingest/drop_zone.cpp" line="+37"/>
        <source>Drop files and folders here</source>
        <translation>Dateien und Ordner hier ablegen</translation>
    </message>
</context>
<context>
    <name>cortex::ui::FailedFilesModel</name>
    <message>
        <location filename="../ui/maintenance/failed_files_model.cpp" line="+9"/>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
</context>
<context>
    <name>cortex::ui::FirstRunBanner</name>
    <message>
        <location filename="../ui/shell/first_run_banner.cpp" line="+32"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a Folder…</source>
        <translation>Ordner wählen …</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Download %1</source>
        <translation>%1 herunterladen</translation>
    </message>
</context>
<context>
    <name>cortex::ui::FoundModelsModel</name>
    <message>
        <location filename="../ui/shell/found_models_model.cpp" line="+33"/>
        <source>Missing: %1</source>
        <translation>Fehlt: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Embedding</source>
        <translation>Einbettung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reranker</source>
        <translation>Reranker</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>Anderes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(folder)</source>
        <translation>(Ordner)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Complete</source>
        <translation>Vollständig</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Incomplete: %n file(s) missing</source>
        <translation>
            <numerusform>Unvollständig: %n Datei fehlt</numerusform>
            <numerusform>Unvollständig: %n Dateien fehlen</numerusform>
        </translation>
    </message>
    <message>
        <location line="-47"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size on disk</source>
        <translation>Größe auf der Platte</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
</context>
<context>
    <name>cortex::ui::ImageChip</name>
    <message>
        <location filename="../ui/search/image_chip.cpp" line="+31"/>
        <source>Remove this image from the query</source>
        <translation>Dieses Bild aus der Suchanfrage entfernen</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Query image, %1 × %2 pixels</source>
        <translation>Suchbild, %1 × %2 Pixel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, cropped from %1 × %2</source>
        <translation>, zugeschnitten aus %1 × %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>. Click to crop it.</source>
        <translation>. Klicken Sie, um es zuzuschneiden.</translation>
    </message>
</context>
<context>
    <name>cortex::ui::IngestJobsModel</name>
    <message>
        <location filename="../ui/ingest/ingest_jobs_model.cpp" line="+78"/>
        <source>Queued</source>
        <translation>In Warteschlange</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Page images wait for other jobs</source>
        <translation>Seitenbilder warten auf andere Aufträge</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopping…</source>
        <translation>Wird angehalten …</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finished</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location line="-69"/>
        <location line="+71"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Resumed job %1</source>
        <translation>Auftrag %1 fortgesetzt</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 und %n weiterer Pfad</numerusform>
            <numerusform>%1 und %n weitere Pfade</numerusform>
        </translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1, about %2 left</source>
        <translation>%1, noch etwa %2</translation>
    </message>
    <message numerus="yes">
        <location line="+59"/>
        <source>%1 / %2, %3 of %n segment(s)</source>
        <translation>
            <numerusform>%1 / %2, %3 von %n Abschnitt</numerusform>
            <numerusform>%1 / %2, %3 von %n Abschnitten</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 / %2, page %3</source>
        <translation>%1 / %2, Seite %3</translation>
    </message>
    <message>
        <location line="-184"/>
        <source>Page images</source>
        <translation>Seitenbilder</translation>
    </message>
    <message>
        <location line="+118"/>
        <location line="+68"/>
        <location line="+2"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 items/s</source>
        <translation>%1 Elemente/s</translation>
    </message>
    <message>
        <location line="-195"/>
        <source>Files and folders</source>
        <translation>Dateien und Ordner</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Collection</source>
        <translation>Sammlung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remaining</source>
        <translation>Verbleibend</translation>
    </message>
</context>
<context>
    <name>cortex::ui::IngestPage</name>
    <message>
        <location filename="../ui/ingest/ingest_page.cpp" line="+135"/>
        <source>C&amp;lear List</source>
        <translation>Liste lee&amp;ren</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No collection</source>
        <translation>Keine Sammlung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The collection the documents join; type a new name to create one.</source>
        <translation>Die Sammlung, zu der die Dokumente hinzukommen; geben Sie einen neuen Namen ein, um eine zu erstellen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>e.g. *.pdf, *.md (empty: every supported type)</source>
        <translation>z. B. *.pdf, *.md (leer: alle unterstützten Typen)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>e.g. .git, node_modules, *.tmp</source>
        <translation>z. B. .git, node_modules, *.tmp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xclude:</source>
        <translation>A&amp;usschließen:</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+5"/>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>overlap:</source>
        <translation>Überlappung:</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <location line="-30"/>
        <location line="+57"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>Stops after the current file. What is done stays; to pause a job, cancel it and resume it later.</source>
        <translation>Hält nach der aktuellen Datei an. Bereits Erledigtes bleibt erhalten; um einen Auftrag zu pausieren, brechen Sie ihn ab und setzen Sie ihn später fort.</translation>
    </message>
    <message>
        <location line="-181"/>
        <source>S&amp;tart</source>
        <translation>S&amp;tarten</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>&amp;Add Files…</source>
        <translation>Dateien hinzuf&amp;ügen …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add Fol&amp;der…</source>
        <translation>&amp;Ordner hinzufügen …</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>C&amp;ollection:</source>
        <translation>Sa&amp;mmlung:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Incl&amp;ude:</source>
        <translation>Ei&amp;nschließen:</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Chun&amp;ks:</source>
        <translation>Abs&amp;chnitte:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Page images:</source>
        <translation>Seiten&amp;bilder:</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Resume &amp;Jobs</source>
        <translation>Aufträge fortset&amp;zen</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Ca&amp;ncel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Continues a cancelled job with the files it has not done yet (pause = cancel, then resume).</source>
        <translation>Setzt einen abgebrochenen Auftrag mit den noch nicht erledigten Dateien fort (Pause = abbrechen, dann fortsetzen).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Problems of the selected job</source>
        <translation>Probleme des ausgewählten Auftrags</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Watched Folders</source>
        <translation>Beobachtete Ordner</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Add Files</source>
        <translation>Dateien hinzufügen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Add Folder</source>
        <translation>Ordner hinzufügen</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Add files or folders first (drop them above or use the buttons).</source>
        <translation>Fügen Sie zuerst Dateien oder Ordner hinzu (legen Sie sie oben ab oder verwenden Sie die Knöpfe).</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>Started: %n file(s) or folder(s).</source>
        <translation>
            <numerusform>Gestartet: %n Datei oder Ordner.</numerusform>
            <numerusform>Gestartet: %n Dateien oder Ordner.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+88"/>
        <location line="+35"/>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message numerus="yes">
        <location line="+47"/>
        <source>There is an interrupted ingestion job (%n job(s)) in this library. Resume it?</source>
        <translation>
            <numerusform>In dieser Bibliothek gibt es einen unterbrochenen Einlese-Auftrag (%n Auftrag). Möchten Sie ihn fortsetzen?</numerusform>
            <numerusform>In dieser Bibliothek gibt es unterbrochene Einlese-Aufträge (%n Aufträge). Möchten Sie sie fortsetzen?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cortex::ui::LibraryProblemBanner</name>
    <message>
        <location filename="../ui/shell/library_problem_banner.cpp" line="+25"/>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose Another Folder…</source>
        <translation>Anderen Ordner wählen …</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The library cannot be opened: %1</source>
        <translation>Die Bibliothek kann nicht geöffnet werden: %1</translation>
    </message>
</context>
<context>
    <name>cortex::ui::MainWindow</name>
    <message>
        <location filename="../ui/shell/main_window.cpp" line="+60"/>
        <source>Cortex</source>
        <translation>Cortex</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>&amp;Ingest</source>
        <translation>&amp;Einlesen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Search</source>
        <translation>&amp;Suche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Collections</source>
        <translation>Samm&amp;lungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settin&amp;gs</source>
        <translation>Einstellun&amp;gen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Maintenance</source>
        <translation>&amp;Wartung</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add Files…</source>
        <translation>Dateien hinzuf&amp;ügen …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add F&amp;older…</source>
        <translation>&amp;Ordner hinzufügen …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Paste Image as Query</source>
        <translation>Bild als Suchanfrage ein&amp;fügen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;View</source>
        <translation>Ans&amp;icht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;idebar</source>
        <translation>&amp;Seitenleiste</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Cortex</source>
        <translation>Ü&amp;ber Cortex</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About Cortex</source>
        <translation>Über Cortex</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Cortex&lt;/b&gt; %1&lt;br&gt;Searches documents and images with Qwen3-VL embeddings and a reranker, on this computer.</source>
        <translation>&lt;b&gt;Cortex&lt;/b&gt; %1&lt;br&gt;Durchsucht Dokumente und Bilder mit Qwen3-VL-Einbettungen und einem Reranker, direkt auf diesem Computer.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Add Files to the Library</source>
        <translation>Dateien zur Bibliothek hinzufügen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Documents and images (*.txt *.md *.pdf *.docx *.pptx *.odt *.png *.jpg *.jpeg *.webp *.bmp *.gif *.svg)</source>
        <translation>Dokumente und Bilder (*.txt *.md *.pdf *.docx *.pptx *.odt *.png *.jpg *.jpeg *.webp *.bmp *.gif *.svg)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add a Folder to the Library</source>
        <translation>Ordner zur Bibliothek hinzufügen</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Quit Cortex</source>
        <translation>Cortex beenden</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n ingestion job(s) still running. Pause them and quit? They can be resumed later from where they stopped.</source>
        <translation>
            <numerusform>%n Einlese-Auftrag läuft noch. Anhalten und beenden? Er kann später dort fortgesetzt werden, wo er angehalten wurde.</numerusform>
            <numerusform>%n Einlese-Aufträge laufen noch. Anhalten und beenden? Sie können später dort fortgesetzt werden, wo sie angehalten wurden.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Pause and Quit</source>
        <translation>&amp;Anhalten und beenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Keep Working</source>
        <translation>&amp;Weiterarbeiten</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Pausing: the current file is finished first, then Cortex quits…</source>
        <translation>Wird angehalten: Die aktuelle Datei wird noch fertig eingelesen, dann wird Cortex beendet …</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>Ingestion stopped: %n file(s) indexed.</source>
        <translation>
            <numerusform>Einlesen angehalten: %n Datei indiziert.</numerusform>
            <numerusform>Einlesen angehalten: %n Dateien indiziert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Ingestion finished: %n file(s) indexed.</source>
        <translation>
            <numerusform>Einlesen abgeschlossen: %n Datei indiziert.</numerusform>
            <numerusform>Einlesen abgeschlossen: %n Dateien indiziert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n file(s) failed (see the Ingest tab).</source>
        <translation>
            <numerusform>%n Datei fehlgeschlagen (siehe Reiter „Einlesen“).</numerusform>
            <numerusform>%n Dateien fehlgeschlagen (siehe Reiter „Einlesen“).</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ingestion failed: %1</source>
        <translation>Einlesen fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Embedding page images %1/%2…</source>
        <translation>Seitenbilder werden eingebettet %1/%2…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ingesting %1/%2 files…</source>
        <translation>%1/%2 Dateien werden eingelesen …</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ingesting…</source>
        <translation>Wird eingelesen …</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n job(s) queued</source>
        <translation>
            <numerusform>%n Auftrag in der Warteschlange</numerusform>
            <numerusform>%n Aufträge in der Warteschlange</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose the Folder of a Qwen3-VL-Embedding Model</source>
        <translation>Ordner eines Qwen3-VL-Einbettungsmodells wählen</translation>
    </message>
</context>
<context>
    <name>cortex::ui::MaintenancePage</name>
    <message>
        <location filename="../ui/maintenance/maintenance_page.cpp" line="+59"/>
        <source>Embedding spaces</source>
        <translation>Einbettungsräume</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Migrate to the loaded model</source>
        <translation>Zum geladenen Modell migrieren</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Library health</source>
        <translation>Zustand der Bibliothek</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check integrity</source>
        <translation>Integrität prüfen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rebuild index</source>
        <translation>Index neu aufbauen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Build the vector indexes again from the vectors in the database</source>
        <translation>Die Vektorindizes aus den Vektoren in der Datenbank neu aufbauen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vacuum</source>
        <translation>Komprimieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the space of deleted documents back to the disk</source>
        <translation>Den Speicherplatz gelöschter Dokumente auf der Festplatte freigeben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back up…</source>
        <translation>Sichern …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the database to a file while the library stays in use</source>
        <translation>Die Datenbank in eine Datei kopieren, während die Bibliothek weiter benutzt wird</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find near-duplicates</source>
        <translation>Beinahe-Duplikate finden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>List the items that look alike in different documents (the similarity is set in Settings)</source>
        <translation>Die Elemente auflisten, die sich in verschiedenen Dokumenten gleichen (die Ähnlichkeit wird in den Einstellungen festgelegt)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Check the library to see its report here.</source>
        <translation>Prüfen Sie die Bibliothek, um hier ihren Bericht zu sehen.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Failed files</source>
        <translation>Fehlgeschlagene Dateien</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Loaded embedding model: %1, %2 dimensions (%3).</source>
        <translation>Geladenes Einbettungsmodell: %1, %2 Dimensionen (%3).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No embedding model is loaded: compatibility cannot be judged.</source>
        <translation>Es ist kein Einbettungsmodell geladen: Die Kompatibilität lässt sich nicht beurteilen.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>No library is open.</source>
        <translation>Es ist keine Bibliothek geöffnet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The library holds no vectors yet; the first ingestion decides its model.</source>
        <translation>Die Bibliothek enthält noch keine Vektoren; das erste Einlesen legt ihr Modell fest.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load an embedding model (Settings) to compare it with the library.</source>
        <translation>Laden Sie ein Einbettungsmodell (Einstellungen), um es mit der Bibliothek zu vergleichen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The library&apos;s vectors were made with %1 (%2 dimensions). Migrating embeds every item again with the loaded model in the background; search keeps using the old vectors until it is complete, and it can be cancelled and resumed.</source>
        <translation>Die Vektoren der Bibliothek wurden mit %1 (%2 Dimensionen) erstellt. Beim Migrieren wird jedes Element im Hintergrund mit dem geladenen Modell neu eingebettet; die Suche verwendet bis zum Abschluss weiter die alten Vektoren, und die Migration lässt sich abbrechen und fortsetzen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The library uses the loaded model: nothing to migrate.</source>
        <translation>Die Bibliothek verwendet das geladene Modell: Es gibt nichts zu migrieren.</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source> That is %n document(s)</source>
        <translation>
            <numerusform> Das ist %n Dokument</numerusform>
            <numerusform> Das sind %n Dokumente</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source> (%n item(s))</source>
        <translation>
            <numerusform> (%n Element)</numerusform>
            <numerusform> (%n Elemente)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; how long it takes is unknown: no ingestion of this library has been timed yet.</source>
        <translation>; wie lange das dauert, ist unbekannt: Für diese Bibliothek wurde noch keine Aufnahme gemessen.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>, about %1 as measured from this library&apos;s last ingestions (%n file(s) in %2).</source>
        <translation>
            <numerusform>, etwa %1, gemessen an den letzten Aufnahmen dieser Bibliothek (%n Datei in %2).</numerusform>
            <numerusform>, etwa %1, gemessen an den letzten Aufnahmen dieser Bibliothek (%n Dateien in %2).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/maintenance/maintenance_tasks.cpp" line="+30"/>
        <source>Migrating to %1</source>
        <translation>Migration zu %1</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%n item(s) embedded</source>
        <translation>
            <numerusform>%n Element eingebettet</numerusform>
            <numerusform>%n Elemente eingebettet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>, %n item(s) could not be embedded</source>
        <translation>
            <numerusform>, %n Element konnte nicht eingebettet werden</numerusform>
            <numerusform>, %n Elemente konnten nicht eingebettet werden</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; the library now uses the loaded model.</source>
        <translation>; die Bibliothek verwendet jetzt das geladene Modell.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; the migration was interrupted. Click Migrate again to continue where it stopped.</source>
        <translation>; die Migration wurde unterbrochen. Klicken Sie erneut auf „Migrieren“, um dort fortzufahren, wo sie angehalten hat.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Checking the library…</source>
        <translation>Bibliothek wird geprüft …</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+9"/>
        <source>The library is healthy.</source>
        <translation>Die Bibliothek ist in Ordnung.</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>The check found problems; see the report.</source>
        <translation>Die Prüfung hat Probleme gefunden; siehe Bericht.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Problems were found:</source>
        <translation>Gefundene Probleme:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Database: no problems found.</source>
        <translation>Datenbank: keine Probleme gefunden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Database: %1</source>
        <translation>Datenbank: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Space %1: %2 vectors in the database, %3 in the index</source>
        <translation>Raum %1: %2 Vektoren in der Datenbank, %3 im Index</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> — mismatch: rebuild the index</source>
        <translation> – Abweichung: Bauen Sie den Index neu auf</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stray file in the index folder: %1</source>
        <translation>Überzählige Datei im Indexordner: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n stored vector(s) or thumbnail(s) are damaged and left out of searches; ingest these documents again (cortex-cli check --repair does it):</source>
        <translation>
            <numerusform>%n gespeicherter Vektor oder gespeichertes Vorschaubild ist beschädigt und wird bei der Suche ausgelassen; lesen Sie diese Dokumente erneut ein (cortex-cli check --repair erledigt das):</numerusform>
            <numerusform>%n gespeicherte Vektoren oder Vorschaubilder sind beschädigt und werden bei der Suche ausgelassen; lesen Sie diese Dokumente erneut ein (cortex-cli check --repair erledigt das):</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Rebuilding the index</source>
        <translation>Index wird neu aufgebaut</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Index rebuild cancelled; the library rebuilds what is missing when it opens.</source>
        <translation>Neuaufbau des Index abgebrochen; die Bibliothek baut Fehlendes beim Öffnen neu auf.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Rebuilt the index of %n embedding space(s).</source>
        <translation>
            <numerusform>Der Index von %n Einbettungsraum wurde neu aufgebaut.</numerusform>
            <numerusform>Der Index von %n Einbettungsräumen wurde neu aufgebaut.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Vacuuming the database</source>
        <translation>Datenbank wird komprimiert</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The database was vacuumed.</source>
        <translation>Die Datenbank wurde komprimiert.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Looking for near-duplicates</source>
        <translation>Suche nach Beinahe-Duplikaten</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n group(s) of near-duplicates (similarity at least %1):</source>
        <translation>
            <numerusform>%n Gruppe von Beinahe-Duplikaten (Ähnlichkeit mindestens %1):</numerusform>
            <numerusform>%n Gruppen von Beinahe-Duplikaten (Ähnlichkeit mindestens %1):</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Similarity %1</source>
        <translation>Ähnlichkeit %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>  %1, page %2</source>
        <translation>  %1, Seite %2</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n group(s) of near-duplicates found.</source>
        <translation>
            <numerusform>%n Gruppe von Beinahe-Duplikaten gefunden.</numerusform>
            <numerusform>%n Gruppen von Beinahe-Duplikaten gefunden.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>cortex-backup-%1.db</source>
        <translation>cortex-sicherung-%1.db</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back up the library</source>
        <translation>Bibliothek sichern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Databases (*.db);;All files (*)</source>
        <translation>Datenbanken (*.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Backing up to %1</source>
        <translation>Sicherung nach %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The database was backed up to %1.</source>
        <translation>Die Datenbank wurde nach %1 gesichert.</translation>
    </message>
</context>
<context>
    <name>cortex::ui::ModelSidebar</name>
    <message>
        <location filename="../ui/shell/model_sidebar.cpp" line="+64"/>
        <location line="+133"/>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <location line="-132"/>
        <source>2B</source>
        <translation>2B</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>8B</source>
        <translation>8B</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hardware</source>
        <translation>Hardware</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Model size:</source>
        <translation>Modellgröße:</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+32"/>
        <source>Unload</source>
        <translation>Entladen</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Free the embedding model&apos;s memory (search and ingestion need it)</source>
        <translation>Den Speicher des Einbettungsmodells freigeben (Suche und Import benötigen es)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+30"/>
        <source>Load</source>
        <translation>Laden</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Load the embedding model from the folder in Settings</source>
        <translation>Das Einbettungsmodell aus dem Ordner in den Einstellungen laden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Migrate…</source>
        <translation>Migrieren …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re-embed the library with the loaded model (Maintenance tab)</source>
        <translation>Die Bibliothek mit dem geladenen Modell neu einbetten (Reiter „Wartung“)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Embedding model</source>
        <translation>Einbettungsmodell</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Free the reranker&apos;s memory (searches are then not reranked)</source>
        <translation>Den Speicher des Rerankers freigeben (Suchergebnisse werden dann nicht neu bewertet)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Load the reranker from the folder in Settings</source>
        <translation>Den Reranker aus dem Ordner in den Einstellungen laden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reranker</source>
        <translation>Reranker</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>How many candidates the first stage hands to the reranker</source>
        <translation>Wie viele Kandidaten die erste Stufe an den Reranker übergibt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>How many results a search shows</source>
        <translation>Wie viele Ergebnisse eine Suche anzeigt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Candidates:</source>
        <translation>Kandidaten:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top K:</source>
        <translation>Top K:</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Detecting the GPU…</source>
        <translation>GPU wird erkannt …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>GPU: %1, %2 free of %3</source>
        <translation>GPU: %1, %2 von %3 frei</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CPU only: no CUDA GPU was found.</source>
        <translation>Nur CPU: Es wurde keine CUDA-GPU gefunden.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Automatic (%1)</source>
        <translation>Automatisch (%1)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Overridden by %1</source>
        <translation>Überschrieben durch %1</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Served by %1 (%2), %3 dimensions</source>
        <translation>Bereitgestellt von %1 (%2), %3 Dimensionen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1, %2 dimensions (%3 stored)</source>
        <translation>%1, %2 Dimensionen (%3 gespeichert)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1, %2 dimensions</source>
        <translation>%1, %2 Dimensionen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Runs on: %1 (%2)</source>
        <translation>Läuft auf: %1 (%2)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Unloaded: search and ingestion need the embedding model.</source>
        <translation>Entladen: Suche und Import benötigen das Einbettungsmodell.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No embedding model is loaded.</source>
        <translation>Es ist kein Einbettungsmodell geladen.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Unloaded: searches are not reranked.</source>
        <translation>Entladen: Suchergebnisse werden nicht neu bewertet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disabled (turned off)</source>
        <translation>Deaktiviert (ausgeschaltet)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Disabled (no reranker folder in Settings)</source>
        <translation>Deaktiviert (kein Reranker-Ordner in den Einstellungen)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Served by %1 (%2)</source>
        <translation>Bereitgestellt von %1 (%2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ready (loaded on demand)</source>
        <translation>Bereit (bei Bedarf geladen)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>On demand: the first search that reranks loads it, and it is freed again when no search has used it for two minutes.</source>
        <translation>Bei Bedarf: Die erste Suche, die neu bewertet, lädt ihn, und er wird wieder freigegeben, wenn ihn zwei Minuten lang keine Suche verwendet hat.</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>This library&apos;s vectors were made with %1 (%2 dimensions), not with the loaded model. Searches cannot mix the two: migrate the library to the loaded model, or load %1.</source>
        <translation>Die Vektoren dieser Bibliothek wurden mit %1 (%2 Dimensionen) erstellt, nicht mit dem geladenen Modell. Suchen können beides nicht mischen: Migrieren Sie die Bibliothek zum geladenen Modell oder laden Sie %1.</translation>
    </message>
    <message>
        <location filename="../ui/shell/model_choice_note.cpp" line="+15"/>
        <source>A reranker is configured and loaded beyond the recommendation: it takes GPU memory from the embedding model, and searches take longer.</source>
        <translation>Über die Empfehlung hinaus ist ein Reranker eingerichtet und geladen: Er nimmt dem Einbettungsmodell GPU-Speicher, und Suchen dauern länger.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A reranker is configured and loaded: searches take longer on the CPU.</source>
        <translation>Ein Reranker ist eingerichtet und geladen: Suchen dauern auf der CPU länger.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The reranker stays loaded between searches instead of on demand: it keeps its GPU memory.</source>
        <translation>Der Reranker bleibt zwischen den Suchen geladen, statt bei Bedarf geladen zu werden: Er behält seinen GPU-Speicher.</translation>
    </message>
</context>
<context>
    <name>cortex::ui::ModelsPanel</name>
    <message>
        <location filename="../ui/shell/models_panel.cpp" line="+25"/>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, %1/s</source>
        <translation>, %1/s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, %1 left</source>
        <translation>, noch %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (%1, file %2 of %3)</source>
        <translation> (%1, Datei %2 von %3)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Models on this computer</source>
        <translation>Modelle auf diesem Computer</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Searched: the Hugging Face cache (%1, shared with Python tools) and %2. Downloads go to the Hugging Face cache.</source>
        <translation>Durchsucht: der Hugging-Face-Cache (%1, gemeinsam mit Python-Werkzeugen) und %2. Downloads landen im Hugging-Face-Cache.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Use Selected Model</source>
        <translation>Ausgewähltes Modell verwenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search Again</source>
        <translation>Erneut suchen</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>about %1 GB</source>
        <translation>etwa %1 GB</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Download from the Hub:</source>
        <translation>Vom Hub herunterladen:</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Asking the Hub for the files of %1…</source>
        <translation>Der Hub wird nach den Dateien von %1 gefragt …</translation>
    </message>
    <message>
        <location line="-119"/>
        <source>Downloading %1: %2</source>
        <translation>%1 wird heruntergeladen: %2</translation>
    </message>
    <message>
        <location line="+135"/>
        <source>The download was cancelled; Download resumes it where it stopped.</source>
        <translation>Der Download wurde abgebrochen; „Herunterladen“ setzt ihn dort fort, wo er stehen blieb.</translation>
    </message>
</context>
<context>
    <name>cortex::ui::PreviewPane</name>
    <message>
        <location filename="../ui/search/preview_pane.cpp" line="+141"/>
        <source>Previous page, chunk or frame</source>
        <translation>Vorherige Seite, vorheriger Abschnitt oder vorheriges Bild</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next page, chunk or frame</source>
        <translation>Nächste Seite, nächster Abschnitt oder nächstes Bild</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom out (-, Ctrl+wheel)</source>
        <translation>Verkleinern (-, Strg+Mausrad)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom in (+, Ctrl+wheel)</source>
        <translation>Vergrößern (+, Strg+Mausrad)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fit to the pane (0)</source>
        <translation>An den Bereich anpassen (0)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Actual size, 100% (1)</source>
        <translation>Originalgröße, 100 % (1)</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Loading the preview…</source>
        <translation>Die Vorschau wird geladen …</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Select a result to preview it. Space shows or hides the preview.</source>
        <translation>Wählen Sie ein Ergebnis, um seine Vorschau zu sehen. Die Leertaste blendet die Vorschau ein oder aus.</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>No preview: %1</source>
        <translation>Keine Vorschau: %1</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>Page %1 of %2</source>
        <translation>Seite %1 von %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chunk %1 of %2</source>
        <translation>Abschnitt %1 von %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Frame %1 of %2, at %3</source>
        <translation>Bild %1 von %2, bei %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 × %2 px, %3%</source>
        <translation>%1 × %2 px, %3 %</translation>
    </message>
</context>
<context>
    <name>cortex::ui::QueryImageBar</name>
    <message>
        <location filename="../ui/search/query_image_bar.cpp" line="+49"/>
        <source>The image is empty.</source>
        <translation>Das Bild ist leer.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>A query holds at most %n image(s): remove one to add another.</source>
        <translation>
            <numerusform>Eine Suchanfrage enthält höchstens %n Bild: Entfernen Sie es, um ein anderes hinzuzufügen.</numerusform>
            <numerusform>Eine Suchanfrage enthält höchstens %n Bilder: Entfernen Sie eines, um ein weiteres hinzuzufügen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The image is %1 × %2 pixels, more than the %3 megapixels a query image may have: scale it down first.</source>
        <translation>Das Bild hat %1 × %2 Pixel, mehr als die %3 Megapixel, die ein Suchbild haben darf: Verkleinern Sie es zuerst.</translation>
    </message>
</context>
<context>
    <name>cortex::ui::ResultCardDelegate</name>
    <message numerus="yes">
        <location filename="../ui/search/result_card_delegate.cpp" line="+79"/>
        <source>▾ hide %n more hit(s)</source>
        <translation>
            <numerusform>▾ %n weiteren Treffer ausblenden</numerusform>
            <numerusform>▾ %n weitere Treffer ausblenden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>▸ %n more hit(s)</source>
        <translation>
            <numerusform>▸ %n weiterer Treffer</numerusform>
            <numerusform>▸ %n weitere Treffer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>▸ %n more hit(s): page %1</source>
        <translation>
            <numerusform>▸ %n weiterer Treffer: Seite %1</numerusform>
            <numerusform>▸ %n weitere Treffer: Seiten %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 — page %2</source>
        <translation>%1 – Seite %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Video (preview)</source>
        <translation>Video (Vorschau)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>found by meaning</source>
        <translation>gefunden nach Bedeutung</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>found by keywords (#%1)</source>
        <translation>gefunden nach Stichwörtern (Nr. %1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>found by meaning and keywords (#%1)</source>
        <translation>gefunden nach Bedeutung und Stichwörtern (Nr. %1)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>similarity %1</source>
        <translation>Ähnlichkeit %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>rerank %1</source>
        <translation>Reranker-Wert %1</translation>
    </message>
</context>
<context>
    <name>cortex::ui::SearchPage</name>
    <message>
        <location filename="../ui/search/search_page.cpp" line="+66"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>All collections</source>
        <translation>Alle Sammlungen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All types</source>
        <translation>Alle Typen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF pages</source>
        <translation>PDF-Seiten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Rerank</source>
        <translation>&amp;Neu sortieren</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+210"/>
        <source>Re-score the best candidates with the reranker model (slower, more precise).</source>
        <translation>Die besten Kandidaten mit dem Reranker-Modell neu bewerten (langsamer, genauer).</translation>
    </message>
    <message>
        <location line="-205"/>
        <source>Collection:</source>
        <translation>Sammlung:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type:</source>
        <translation>Typ:</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>&amp;Open</source>
        <translation>&amp;Öffnen</translation>
    </message>
    <message>
        <location line="-133"/>
        <source>Se&amp;arch</source>
        <translation>Su&amp;chen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add the image on the clipboard to the query and search</source>
        <translation>Das Bild aus der Zwischenablage zur Suchanfrage hinzufügen und suchen</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Most relevant first</source>
        <translation>Relevanteste zuerst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Newest first</source>
        <translation>Neueste zuerst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oldest first</source>
        <translation>Älteste zuerst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The order of the best results (by the documents&apos; modification time)</source>
        <translation>Die Reihenfolge der besten Ergebnisse (nach dem Änderungsdatum der Dokumente)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave out results scored below this: the rerank score when reranked, else the similarity to the query</source>
        <translation>Ergebnisse mit einer niedrigeren Bewertung weglassen: die Neubewertung, wenn neu bewertet wurde, sonst die Ähnlichkeit zur Suchanfrage</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sort:</source>
        <translation>Sortierung:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Minimum score:</source>
        <translation>Mindestbewertung:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Group &amp;by document</source>
        <translation>Nach Dokument grup&amp;pieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One card per document with its best hit; “more hits” on a card (or the Right and Left keys) lists or hides the document&apos;s other pages and chunks</source>
        <translation>Eine Karte je Dokument mit seinem besten Treffer; „weitere Treffer“ auf einer Karte (oder die Pfeiltasten rechts und links) zeigt oder verbirgt die übrigen Seiten und Abschnitte des Dokuments</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Show in Fol&amp;der</source>
        <translation>Im &amp;Ordner anzeigen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cop&amp;y Path</source>
        <translation>Pfad &amp;kopieren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find Simi&amp;lar</source>
        <translation>Ähnliche f&amp;inden</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Previe&amp;w</source>
        <translation>&amp;Vorschau</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show or hide the preview of the selected result (Space in the results)</source>
        <translation>Die Vorschau des ausgewählten Ergebnisses ein- oder ausblenden (Leertaste in den Ergebnissen)</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>No reranker is set up: choose a Qwen3-VL-Reranker folder in Settings.</source>
        <translation>Es ist kein Reranker eingerichtet: Wählen Sie in den Einstellungen einen Qwen3-VL-Reranker-Ordner.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The reranker could not be loaded: %1</source>
        <translation>Der Reranker konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Nothing found. Try other words, another filter, or an image.</source>
        <translation>Nichts gefunden. Versuchen Sie andere Wörter, einen anderen Filter oder ein Bild.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type words and press Enter, or paste (Ctrl+V) or drop an image, to search text, pages and pictures together.</source>
        <translation>Geben Sie Wörter ein und drücken Sie die Eingabetaste, oder fügen Sie ein Bild ein (Strg+V) bzw. ziehen Sie es hierher, um Texte, Seiten und Bilder gemeinsam zu durchsuchen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The library is empty: add files and folders in the Ingest tab.</source>
        <translation>Die Bibliothek ist leer: Fügen Sie im Reiter „Einlesen“ Dateien und Ordner hinzu.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>The library holds %n searchable item(s).</source>
        <translation>
            <numerusform>Die Bibliothek enthält %n durchsuchbares Element.</numerusform>
            <numerusform>Die Bibliothek enthält %n durchsuchbare Elemente.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The clipboard holds no image.</source>
        <translation>Die Zwischenablage enthält kein Bild.</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>%1 (video, preview)</source>
        <translation>%1 (Video, Vorschau)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1
Its first segment is searched with. Click to remove it.</source>
        <translation>%1
Mit seinem ersten Abschnitt wird gesucht. Klicken, um es zu entfernen.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Type a query, or paste or drop an image.</source>
        <translation>Geben Sie eine Suchanfrage ein oder fügen Sie ein Bild ein bzw. legen Sie es ab.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Correct the query first (see above).</source>
        <translation>Korrigieren Sie zuerst die Suchanfrage (siehe oben).</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Reading the video…</source>
        <translation>Lese das Video…</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Searching… (the results below are the previous query&apos;s)</source>
        <translation>Suche läuft … (die Ergebnisse unten gehören zur vorigen Anfrage)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Searching…</source>
        <translation>Suche läuft …</translation>
    </message>
    <message>
        <location line="-27"/>
        <location line="+40"/>
        <source>Search failed: %1</source>
        <translation>Suche fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="-476"/>
        <source>Search for text, or paste or drop an image or a video…</source>
        <translation>Nach Text suchen, oder ein Bild oder Video einfügen oder hierher ziehen…</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>&lt;p&gt;&lt;b&gt;Query language&lt;/b&gt;&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;words&lt;/td&gt;&lt;td&gt;found by meaning and by keywords&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&quot;exact phrase&quot;&lt;/td&gt;&lt;td&gt;every hit contains the phrase&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;-word, -&quot;a phrase&quot;&lt;/td&gt;&lt;td&gt;no hit contains it&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;type:pdf, image, text, office, video&lt;/td&gt;&lt;td&gt;documents of that type&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;in:collection&lt;/td&gt;&lt;td&gt;in:&quot;two words&quot; for a name with spaces&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;tag:name&lt;/td&gt;&lt;td&gt;documents of a collection with that tag&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;path:part&lt;/td&gt;&lt;td&gt;the document&apos;s path contains it&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;after:2024-01-01&lt;/td&gt;&lt;td&gt;modified on or after that day&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;before:2024-02-01&lt;/td&gt;&lt;td&gt;modified before that day&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Suchsprache&lt;/b&gt;&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Wörter&lt;/td&gt;&lt;td&gt;nach Bedeutung und nach Stichwörtern gefunden&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&quot;genaue Wortfolge&quot;&lt;/td&gt;&lt;td&gt;jeder Treffer enthält die Wortfolge&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;-Wort, -&quot;eine Wortfolge&quot;&lt;/td&gt;&lt;td&gt;kein Treffer enthält sie&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;type:pdf, image, text, office, video&lt;/td&gt;&lt;td&gt;Dokumente dieses Typs&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;in:Sammlung&lt;/td&gt;&lt;td&gt;in:&quot;zwei Wörter&quot; für einen Namen mit Leerzeichen&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;tag:Name&lt;/td&gt;&lt;td&gt;Dokumente einer Sammlung mit diesem Schlagwort&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;path:Teil&lt;/td&gt;&lt;td&gt;der Pfad des Dokuments enthält ihn&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;after:2024-01-01&lt;/td&gt;&lt;td&gt;an oder nach diesem Tag geändert&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;before:2024-02-01&lt;/td&gt;&lt;td&gt;vor diesem Tag geändert&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Video segments (preview)</source>
        <translation>Videoabschnitte (Vorschau)</translation>
    </message>
    <message>
        <location line="+422"/>
        <source>Similar to “%1”</source>
        <translation>Ähnlich wie „%1“</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing found. If the library is empty, add files in the Ingest tab.</source>
        <translation>Nichts gefunden. Wenn die Bibliothek leer ist, fügen Sie im Reiter „Einlesen“ Dateien hinzu.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n Ergebnis</numerusform>
            <numerusform>%n Ergebnisse</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>embedding %1, retrieval %2</source>
        <translation>Einbettung %1, Abruf %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, reranking %1</source>
        <translation>, Reranking %1</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show in Folder</source>
        <translation>Im Ordner anzeigen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy Path</source>
        <translation>Pfad kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find Similar</source>
        <translation>Ähnliche finden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Find Near-Duplicates</source>
        <translation>Beinahe-Duplikate finden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Hide the Document&apos;s Other Hits</source>
        <translation>Weitere Treffer des Dokuments ausblenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the Document&apos;s Other Hits</source>
        <translation>Weitere Treffer des Dokuments anzeigen</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Opened %1 at page %2.</source>
        <translation>%1 auf Seite %2 geöffnet.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Could not open %1: no application is set up for this file type.</source>
        <translation>%1 konnte nicht geöffnet werden: Für diesen Dateityp ist keine Anwendung eingerichtet.</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Opened %1 at %2.</source>
        <translation>%1 bei %2 geöffnet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opened %1 from the beginning: the video player cannot start at a time (mpv, VLC and Celluloid can); the segment starts at %2.</source>
        <translation>%1 von Anfang an geöffnet: Der Videoplayer kann nicht bei einer Zeit beginnen (mpv, VLC und Celluloid können es); der Abschnitt beginnt bei %2.</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>Could not open the folder %1.</source>
        <translation>Der Ordner %1 konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <location line="-701"/>
        <source>%1, page %2</source>
        <translation>%1, Seite %2</translation>
    </message>
    <message>
        <location line="+725"/>
        <source>%1 (near-duplicates: similarity at least %2)</source>
        <translation>%1 (Beinahe-Duplikate: Ähnlichkeit mindestens %2)</translation>
    </message>
</context>
<context>
    <name>cortex::ui::SettingsPage</name>
    <message>
        <location filename="../ui/shell/settings_page.cpp" line="+42"/>
        <source>No folder is chosen.</source>
        <translation>Es ist kein Ordner ausgewählt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not usable: %1</source>
        <translation>Nicht verwendbar: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (the 2B size)</source>
        <translation> (Größe 2B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (the 8B size)</source>
        <translation> (Größe 8B)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2, %3 text layers, hidden size %4%5, %6 vision blocks.</source>
        <translation>%1: %2, %3 Textschichten, verborgene Dimension %4%5, %6 Vision-Blöcke.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Automatic (by free GPU memory)</source>
        <translation>Automatisch (nach freiem GPU-Speicher)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>2B</source>
        <translation>2B</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>8B</source>
        <translation>8B</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Embedding model</source>
        <translation>Einbettungsmodell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models:</source>
        <translation>Modelle:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Load the models</source>
        <translation>Modelle laden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Test co&amp;nnection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model size:</source>
        <translation>Modellgröße:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Embedding model folder:</source>
        <translation>Ordner des Einbettungsmodells:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A Qwen3-VL-Embedding snapshot folder</source>
        <translation>Ein Snapshot-Ordner von Qwen3-VL-Embedding</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stored dimension:</source>
        <translation>Gespeicherte Dimension:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full width</source>
        <translation>Volle Breite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic (GPU when there is one)</source>
        <translation>Automatisch (GPU, wenn vorhanden)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Precision:</source>
        <translation>Genauigkeit:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Automatic (bfloat16 on a GPU and on a CPU that computes it natively, else float32)</source>
        <translation>Automatisch (bfloat16 auf einer GPU und auf einer CPU, die es nativ berechnet, sonst float32)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bfloat16</source>
        <translation>bfloat16</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>int8 (CPU only: faster than float32 where bfloat16 is not native)</source>
        <translation>int8 (nur CPU: schneller als float32, wo bfloat16 nicht nativ ist)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+18"/>
        <source>Batch size:</source>
        <translation>Stapelgröße:</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Reranker</source>
        <translation>Reranker</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reranker:</source>
        <translation>Reranker:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rerank the best candidates</source>
        <translation>Die besten Kandidaten neu sortieren</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Test connec&amp;tion</source>
        <translation>Verbindung te&amp;sten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reranker size:</source>
        <translation>Reranker-Größe:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reranker model folder:</source>
        <translation>Ordner des Reranker-Modells:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A Qwen3-VL-Reranker snapshot folder</source>
        <translation>Ein Snapshot-Ordner von Qwen3-VL-Reranker</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Candidates:</source>
        <translation>Kandidaten:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Top K:</source>
        <translation>Top K:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Images and text</source>
        <translation>Bilder und Text</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minimum pixels:</source>
        <translation>Minimale Pixelzahl:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Maximum pixels:</source>
        <translation>Maximale Pixelzahl:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chunk size (tokens):</source>
        <translation>Abschnittsgröße (Token):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chunk overlap (tokens):</source>
        <translation>Abschnittsüberlappung (Token):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Videos</source>
        <translation>Videos</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Vi&amp;deo segment length:</source>
        <translation>Länge der Vi&amp;deoabschnitte:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A video is embedded in windows of this length, and a hit points to a moment within its window: shorter windows find finer moments but store more vectors. Applies to videos ingested from now on.</source>
        <translation>Ein Video wird in Fenstern dieser Länge eingebettet, und ein Treffer zeigt auf einen Moment in seinem Fenster: Kürzere Fenster finden genauere Momente, speichern aber mehr Vektoren. Gilt für Videos, die ab jetzt aufgenommen werden.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Library</source>
        <translation>Bibliothek</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Library folder:</source>
        <translation>Bibliotheksordner:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Near-duplicates from (% similar):</source>
        <translation>Beinahe-Duplikate ab (% ähnlich):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Library API</source>
        <translation>Bibliotheks-API</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Revert</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Apply</source>
        <translation>&amp;Übernehmen</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show what the folder contains</source>
        <translation>Anzeigen, was der Ordner enthält</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Checking %1…</source>
        <translation>%1 wird geprüft …</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>On this computer</source>
        <translation>Auf diesem Computer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On a server</source>
        <translation>Auf einem Server</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A GPU server that serves the model with vLLM&apos;s API (docs/SERVING.md). The model folder below, when set, gives the tokenizer that cuts text into chunks for ingestion.</source>
        <translation>Ein GPU-Server, der das Modell über die API von vLLM bereitstellt (docs/SERVING.md). Der Modellordner unten liefert, wenn gesetzt, den Tokenizer, der Text bei der Aufnahme in Abschnitte teilt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A GPU server that serves the reranker with vLLM&apos;s API (docs/SERVING.md).</source>
        <translation>Ein GPU-Server, der den Reranker über die API von vLLM bereitstellt (docs/SERVING.md).</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Runs:</source>
        <translation>Läuft:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The served model&apos;s name (empty: the one the server serves)</source>
        <translation>Der Name des bereitgestellten Modells (leer: das, welches der Server bereitstellt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None</source>
        <translation>Keines</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server&apos;s API key (vLLM&apos;s --api-key), sent only to that server. It is stored in %1, which only you can read; %2 goes first when set.</source>
        <translation>Der API-Schlüssel des Servers (--api-key von vLLM), nur an diesen Server gesendet. Er wird in %1 gespeichert, das nur Sie lesen können; %2 hat Vorrang, wenn gesetzt.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ask the server which model it serves</source>
        <translation>Den Server fragen, welches Modell er bereitstellt</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Server URL:</source>
        <translation>Server-URL:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Served model:</source>
        <translation>Bereitgestelltes Modell:</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+124"/>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <location line="-82"/>
        <source>Cancel the test</source>
        <translation>Den Test abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contacting %1… (at most %2 s without an answer)</source>
        <translation>Kontaktiere %1… (höchstens %2 s ohne Antwort)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Connected: %1 serves %2.</source>
        <translation>Verbunden: %1 stellt %2 bereit.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The test was cancelled.</source>
        <translation>Der Test wurde abgebrochen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Serve this &amp;library to other programs</source>
        <translation>Diese &amp;Bibliothek anderen Programmen bereitstellen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other programs search this library over HTTP (POST /v1/search, as cortex-cli serve answers it; docs/SERVING.md)</source>
        <translation>Andere Programme durchsuchen diese Bibliothek über HTTP (POST /v1/search, wie cortex-cli serve es beantwortet; docs/SERVING.md)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Listen on:</source>
        <translation>Lauschen auf:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not serving</source>
        <translation>Nicht bereitgestellt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address:</source>
        <translation>Adresse:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cop&amp;y</source>
        <translation>Kop&amp;ieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the token: requests send it as &quot;Authorization: Bearer &lt;token&gt;&quot;</source>
        <translation>Das Token kopieren: Anfragen senden es als &quot;Authorization: Bearer &lt;token&gt;&quot;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New to&amp;ken…</source>
        <translation>Neues To&amp;ken…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replace the token: programs that use the old one are refused</source>
        <translation>Das Token ersetzen: Programme, die das alte verwenden, werden abgewiesen</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Off: no other program can search this library.</source>
        <translation>Aus: Kein anderes Programm kann diese Bibliothek durchsuchen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not serving: %1</source>
        <translation>Nicht bereitgestellt: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Serving the open library at %1; every request must send the token.</source>
        <translation>Die geöffnete Bibliothek wird unter %1 bereitgestellt; jede Anfrage muss das Token senden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning: this address can be reached from other computers. Anyone who has the token can search this library from there; the traffic is not encrypted.</source>
        <translation>Warnung: Diese Adresse ist von anderen Computern erreichbar. Wer das Token hat, kann diese Bibliothek von dort durchsuchen; die Verbindung ist nicht verschlüsselt.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New Token</source>
        <translation>Neues Token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace the library API&apos;s token? Programs that use the current one are refused until they are given the new one.</source>
        <translation>Das Token der Bibliotheks-API ersetzen? Programme, die das aktuelle verwenden, werden abgewiesen, bis sie das neue erhalten.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Replace the Token</source>
        <translation>Das Token ersetzen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No new token: %1</source>
        <translation>Kein neues Token: %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Enter the URL of the server that serves the embedding model, or choose &quot;On this computer&quot;.</source>
        <translation>Geben Sie die URL des Servers ein, der das Einbettungsmodell bereitstellt, oder wählen Sie &quot;Auf diesem Computer&quot;.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the URL of the server that serves the reranker, or choose &quot;On this computer&quot;.</source>
        <translation>Geben Sie die URL des Servers ein, der den Reranker bereitstellt, oder wählen Sie &quot;Auf diesem Computer&quot;.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The chunk overlap (%1 tokens) must be smaller than the chunk size (%2 tokens).</source>
        <translation>Die Abschnittsüberlappung (%1 Token) muss kleiner als die Abschnittsgröße (%2 Token) sein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The library API&apos;s address: %1</source>
        <translation>Die Adresse der Bibliotheks-API: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The minimum pixels (%L1) must not exceed the maximum pixels (%L2).</source>
        <translation>Die minimale Pixelzahl (%L1) darf die maximale Pixelzahl (%L2) nicht überschreiten.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Overridden by %1=%2 (environment variable).</source>
        <translation>Überschrieben durch %1=%2 (Umgebungsvariable).</translation>
    </message>
</context>
<context>
    <name>cortex::ui::SpacesModel</name>
    <message>
        <location filename="../ui/maintenance/spaces_model.cpp" line="+40"/>
        <source>compatible</source>
        <translation>kompatibel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>incompatible — made with another model</source>
        <translation>inkompatibel – mit einem anderen Modell erstellt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no model loaded</source>
        <translation>kein Modell geladen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>building (migration not finished)</source>
        <translation>im Aufbau (Migration nicht abgeschlossen)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>retired</source>
        <translation>außer Betrieb</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>%1
hash %2
instruction: %3</source>
        <translation>%1
Hash %2
Anweisung: %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 of the model&apos;s %2 dimensions (Matryoshka prefix)</source>
        <translation>%1 der %2 Dimensionen des Modells (Matryoshka-Präfix)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the model&apos;s full %1 dimensions</source>
        <translation>alle %1 Dimensionen des Modells</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The loaded model is %1; these vectors were made with %2. Migrate the library to search it with the loaded model.</source>
        <translation>Das geladene Modell ist %1; diese Vektoren wurden mit %2 erstellt. Migrieren Sie die Bibliothek, um sie mit dem geladenen Modell zu durchsuchen.</translation>
    </message>
    <message>
        <location line="-115"/>
        <source>Space</source>
        <translation>Raum</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dimension</source>
        <translation>Dimension</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dtype</source>
        <translation>Datentyp</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stored as</source>
        <translation>Gespeichert als</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vectors</source>
        <translation>Vektoren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Configured model</source>
        <translation>Eingerichtetes Modell</translation>
    </message>
</context>
<context>
    <name>cortex::ui::TaskProgressPanel</name>
    <message>
        <location filename="../ui/maintenance/task_progress_panel.cpp" line="+15"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1: cancelling…</source>
        <translation>%1: wird abgebrochen …</translation>
    </message>
    <message>
        <location line="+49"/>
        <source> — %1 of %2</source>
        <translation> – %1 von %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, %1 left</source>
        <translation>, noch %1</translation>
    </message>
</context>
<context>
    <name>cortex::ui::WatchedFolderEditDialog</name>
    <message>
        <location filename="../ui/ingest/watched_folder_edit_dialog.cpp" line="+44"/>
        <source>Edit Watched Folder</source>
        <translation>Beobachteten Ordner bearbeiten</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A new collection takes the folder&apos;s documents with it.</source>
        <translation>Eine neue Sammlung nimmt die Dokumente des Ordners mit.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>every supported type, or e.g. *.pdf, *.md</source>
        <translation>jeder unterstützte Typ, oder z. B. *.pdf, *.md</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. drafts, *.tmp</source>
        <translation>z. B. Entwürfe, *.tmp</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>As in Settings</source>
        <translation>Wie in den Einstellungen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Collection:</source>
        <translation>&amp;Sammlung:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Include:</source>
        <translation>&amp;Einschließen:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xclude:</source>
        <translation>A&amp;usschließen:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;hunk size (tokens):</source>
        <translation>&amp;Abschnittsgröße (Token):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>O&amp;verlap (tokens):</source>
        <translation>&amp;Überlappung (Token):</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Page images:</source>
        <translation>Seiten&amp;bilder:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New patterns and page images apply to the files the next syncs take (the documents already in the library keep theirs); a new chunk size embeds the folder&apos;s documents again (you are asked first).</source>
        <translation>Neue Muster und Seitenbilder gelten für die Dateien, die die nächsten Abgleiche übernehmen (die Dokumente, die schon in der Bibliothek sind, behalten ihre); eine neue Chunk-Größe bettet die Dokumente des Ordners erneut ein (Sie werden vorher gefragt).</translation>
    </message>
</context>
<context>
    <name>cortex::ui::WatchedFoldersBox</name>
    <message>
        <location filename="../ui/ingest/watched_folders_box.cpp" line="+32"/>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Collection</source>
        <translation>Sammlung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last sync</source>
        <translation>Letzter Abgleich</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+129"/>
        <source>Pause &amp;Watching</source>
        <translation>Beobachtung an&amp;halten</translation>
    </message>
    <message>
        <location line="-127"/>
        <source>A paused folder is not synced; its documents stay searchable.</source>
        <translation>Ein angehaltener Ordner wird nicht abgeglichen; seine Dokumente bleiben durchsuchbar.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cha&amp;nge…</source>
        <translation>Ä&amp;ndern…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Remove…</source>
        <translation>Entfe&amp;rnen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;ync Now</source>
        <translation>Jetzt abgleichen (&amp;y)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Looks for changes in the selected folder now (every folder when none is selected).</source>
        <translation>Sucht jetzt nach Änderungen im ausgewählten Ordner (in allen Ordnern, wenn keiner ausgewählt ist).</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unavailable</source>
        <translation>Nicht verfügbar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unavailable: %1</source>
        <translation>Nicht verfügbar: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catching up…</source>
        <translation>Holt auf …</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Syncing…</source>
        <translation>Wird abgeglichen …</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Watching</source>
        <translation>Wird beobachtet</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not watched now</source>
        <translation>Derzeit nicht beobachtet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Scanned periodically (%1)</source>
        <translation>Regelmäßig durchsucht (%1)</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n file(s) still being written</source>
        <translation>
            <numerusform>%n Datei wird noch geschrieben</numerusform>
            <numerusform>%n Dateien werden noch geschrieben</numerusform>
        </translation>
    </message>
    <message>
        <location line="+28"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Resume &amp;Watching</source>
        <translation>Beobachtung &amp;fortsetzen</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Embed Documents Again</source>
        <translation>Dokumente erneut einbetten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change the chunk size of %1?</source>
        <translation>Die Abschnittsgröße von %1 ändern?</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Its %n document(s) are cut into new chunks and embedded again</source>
        <translation>
            <numerusform>Sein %n Dokument wird in neue Abschnitte geteilt und erneut eingebettet</numerusform>
            <numerusform>Seine %n Dokumente werden in neue Abschnitte geteilt und erneut eingebettet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source> (%n item(s) now).</source>
        <translation>
            <numerusform> (jetzt %n Element).</numerusform>
            <numerusform> (jetzt %n Elemente).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>This takes about %1, measured from this library&apos;s last ingestions (%n file(s) in %2).</source>
        <translation>
            <numerusform>Das dauert etwa %1, gemessen an den letzten Aufnahmen dieser Bibliothek (%n Datei in %2).</numerusform>
            <numerusform>Das dauert etwa %1, gemessen an den letzten Aufnahmen dieser Bibliothek (%n Dateien in %2).</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How long this takes is unknown: no ingestion of this library has been timed yet.</source>
        <translation>Wie lange das dauert, ist unbekannt: Für diese Bibliothek wurde noch keine Aufnahme gemessen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Until then these documents are not found by search.</source>
        <translation>Bis dahin werden diese Dokumente von der Suche nicht gefunden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Embed Again</source>
        <translation>&amp;Erneut einbetten</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Remove Watched Folder</source>
        <translation>Beobachteten Ordner entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop watching %1?</source>
        <translation>%1 nicht mehr beobachten?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Its documents can stay in the library (searchable, no longer synced) or be removed from it with their embeddings. The files themselves are never touched.</source>
        <translation>Seine Dokumente können in der Bibliothek bleiben (durchsuchbar, nicht mehr abgeglichen) oder mit ihren Einbettungen daraus entfernt werden. Die Dateien selbst werden nie angetastet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep Documents</source>
        <translation>Dokumente behalten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove Documents</source>
        <translation>Dokumente entfernen</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n document(s) removed.</source>
        <translation>
            <numerusform>%n Dokument entfernt.</numerusform>
            <numerusform>%n Dokumente entfernt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+100"/>
        <source>Search documents and images with Qwen3-VL.</source>
        <translation>Dokumente und Bilder mit Qwen3-VL durchsuchen.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Files or folders to add to the library.</source>
        <translation>Dateien oder Ordner, die zur Bibliothek hinzugefügt werden sollen.</translation>
    </message>
</context>
</TS>

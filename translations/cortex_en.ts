<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>WatchActivityText</name>
    <message numerus="yes">
        <location filename="../ui/ingest/watch_activity_text.cpp" line="+23"/>
        <source>%n new</source>
        <translation>
            <numerusform>%n new</numerusform>
            <numerusform>%n new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n changed</source>
        <translation>
            <numerusform>%n changed</numerusform>
            <numerusform>%n changed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n moved</source>
        <translation>
            <numerusform>%n moved</numerusform>
            <numerusform>%n moved</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n deleted</source>
        <translation>
            <numerusform>%n deleted</numerusform>
            <numerusform>%n deleted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n still being written</source>
        <translation>
            <numerusform>%n still being written</numerusform>
            <numerusform>%n still being written</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n unavailable</source>
        <translation>
            <numerusform>%n unavailable</numerusform>
            <numerusform>%n unavailable</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Syncing %n watched folder(s)</source>
        <translation>
            <numerusform>Syncing %n watched folder</numerusform>
            <numerusform>Syncing %n watched folders</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cortex::ui::CollectionsPage</name>
    <message numerus="yes">
        <location filename="../ui/collections/collections_actions.cpp" line="+127"/>
        <source>The documents that are only in this collection are deleted from the library too (this collection holds %n document(s)). Documents that are also in another collection stay.</source>
        <translation>
            <numerusform>The documents that are only in this collection are deleted from the library too (this collection holds %n document). Documents that are also in another collection stay.</numerusform>
            <numerusform>The documents that are only in this collection are deleted from the library too (this collection holds %n documents). Documents that are also in another collection stay.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+26"/>
        <source>Moved %n document(s) to “%1”.</source>
        <translation>
            <numerusform>Moved %n document to “%1”.</numerusform>
            <numerusform>Moved %n documents to “%1”.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Removed %n document(s) from “%1”; they stay in the library.</source>
        <translation>
            <numerusform>Removed %n document from “%1”; they stay in the library.</numerusform>
            <numerusform>Removed %n documents from “%1”; they stay in the library.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+37"/>
        <source>Exported %n document(s) (%1 items) to %2.</source>
        <translation>
            <numerusform>Exported %n document (%1 items) to %2.</numerusform>
            <numerusform>Exported %n documents (%1 items) to %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+38"/>
        <source>Imported %n document(s) (%1 items) into “%2”.</source>
        <translation>
            <numerusform>Imported %n document (%1 items) into “%2”.</numerusform>
            <numerusform>Imported %n documents (%1 items) into “%2”.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n document(s) skipped: the library already holds other content at their paths.</source>
        <translation>
            <numerusform>%n document skipped: the library already holds other content at its path.</numerusform>
            <numerusform>%n documents skipped: the library already holds other content at their paths.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cortex::ui::FoundModelsModel</name>
    <message numerus="yes">
        <location filename="../ui/shell/found_models_model.cpp" line="+56"/>
        <source>Incomplete: %n file(s) missing</source>
        <translation>
            <numerusform>Incomplete: %n file missing</numerusform>
            <numerusform>Incomplete: %n files missing</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cortex::ui::IngestJobsModel</name>
    <message numerus="yes">
        <location filename="../ui/ingest/ingest_jobs_model.cpp" line="+101"/>
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+93"/>
        <source>%1 / %2, %3 of %n segment(s)</source>
        <translation>
            <numerusform>%1 / %2, %3 of %n segment</numerusform>
            <numerusform>%1 / %2, %3 of %n segments</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cortex::ui::IngestPage</name>
    <message numerus="yes">
        <location filename="../ui/ingest/ingest_page.cpp" line="+356"/>
        <source>Started: %n file(s) or folder(s).</source>
        <translation>
            <numerusform>Started: %n file or folder.</numerusform>
            <numerusform>Started: %n files or folders.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+170"/>
        <source>There is an interrupted ingestion job (%n job(s)) in this library. Resume it?</source>
        <translation>
            <numerusform>There is an interrupted ingestion job in this library. Resume it?</numerusform>
            <numerusform>There are %n interrupted ingestion jobs in this library. Resume them?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cortex::ui::MainWindow</name>
    <message numerus="yes">
        <location filename="../ui/shell/main_window.cpp" line="+344"/>
        <source>%n ingestion job(s) still running. Pause them and quit? They can be resumed later from where they stopped.</source>
        <translation>
            <numerusform>%n ingestion job is still running. Pause it and quit? It can be resumed later from where it stopped.</numerusform>
            <numerusform>%n ingestion jobs are still running. Pause them and quit? They can be resumed later from where they stopped.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+58"/>
        <source>Ingestion stopped: %n file(s) indexed.</source>
        <translation>
            <numerusform>Ingestion stopped: %n file indexed.</numerusform>
            <numerusform>Ingestion stopped: %n files indexed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Ingestion finished: %n file(s) indexed.</source>
        <translation>
            <numerusform>Ingestion finished: %n file indexed.</numerusform>
            <numerusform>Ingestion finished: %n files indexed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n file(s) failed (see the Ingest tab).</source>
        <translation>
            <numerusform>%n file failed (see the Ingest tab).</numerusform>
            <numerusform>%n files failed (see the Ingest tab).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+37"/>
        <source>%n job(s) queued</source>
        <translation>
            <numerusform>%n job queued</numerusform>
            <numerusform>%n jobs queued</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cortex::ui::MaintenancePage</name>
    <message numerus="yes">
        <location filename="../ui/maintenance/maintenance_tasks.cpp" line="+42"/>
        <source>%n item(s) embedded</source>
        <translation>
            <numerusform>%n item embedded</numerusform>
            <numerusform>%n items embedded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>, %n item(s) could not be embedded</source>
        <translation>
            <numerusform>, %n item could not be embedded</numerusform>
            <numerusform>, %n items could not be embedded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+51"/>
        <source>%n stored vector(s) or thumbnail(s) are damaged and left out of searches; ingest these documents again (cortex-cli check --repair does it):</source>
        <translation>
            <numerusform>%n stored vector or thumbnail is damaged and left out of searches; ingest these documents again (cortex-cli check --repair does it):</numerusform>
            <numerusform>%n stored vectors or thumbnails are damaged and left out of searches; ingest these documents again (cortex-cli check --repair does it):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <source>Rebuilt the index of %n embedding space(s).</source>
        <translation>
            <numerusform>Rebuilt the index of %n embedding space.</numerusform>
            <numerusform>Rebuilt the index of %n embedding spaces.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+38"/>
        <source>%n group(s) of near-duplicates (similarity at least %1):</source>
        <translation>
            <numerusform>%n group of near-duplicates (similarity at least %1):</numerusform>
            <numerusform>%n groups of near-duplicates (similarity at least %1):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>%n group(s) of near-duplicates found.</source>
        <translation>
            <numerusform>%n group of near-duplicates found.</numerusform>
            <numerusform>%n groups of near-duplicates found.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/maintenance/maintenance_page.cpp" line="+241"/>
        <source> That is %n document(s)</source>
        <translation>
            <numerusform> That is %n document</numerusform>
            <numerusform> That is %n documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source> (%n item(s))</source>
        <translation>
            <numerusform> (%n item)</numerusform>
            <numerusform> (%n items)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>, about %1 as measured from this library&apos;s last ingestions (%n file(s) in %2).</source>
        <translation>
            <numerusform>, about %1 as measured from this library&apos;s last ingestions (%n file in %2).</numerusform>
            <numerusform>, about %1 as measured from this library&apos;s last ingestions (%n files in %2).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cortex::ui::QueryImageBar</name>
    <message numerus="yes">
        <location filename="../ui/search/query_image_bar.cpp" line="+51"/>
        <source>A query holds at most %n image(s): remove one to add another.</source>
        <translation>
            <numerusform>A query holds at most %n image: remove it to add another.</numerusform>
            <numerusform>A query holds at most %n images: remove one to add another.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cortex::ui::ResultCardDelegate</name>
    <message numerus="yes">
        <location filename="../ui/search/result_card_delegate.cpp" line="+79"/>
        <source>▾ hide %n more hit(s)</source>
        <translation>
            <numerusform>▾ hide %n more hit</numerusform>
            <numerusform>▾ hide %n more hits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>▸ %n more hit(s)</source>
        <translation>
            <numerusform>▸ %n more hit</numerusform>
            <numerusform>▸ %n more hits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>▸ %n more hit(s): page %1</source>
        <translation>
            <numerusform>▸ %n more hit: page %1</numerusform>
            <numerusform>▸ %n more hits: pages %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cortex::ui::SearchPage</name>
    <message numerus="yes">
        <location filename="../ui/search/search_page.cpp" line="+398"/>
        <source>The library holds %n searchable item(s).</source>
        <translation>
            <numerusform>The library holds %n searchable item.</numerusform>
            <numerusform>The library holds %n searchable items.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+183"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n result</numerusform>
            <numerusform>%n results</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cortex::ui::WatchedFoldersBox</name>
    <message numerus="yes">
        <location filename="../ui/ingest/watched_folders_box.cpp" line="+120"/>
        <source>%n file(s) still being written</source>
        <translation>
            <numerusform>%n file still being written</numerusform>
            <numerusform>%n files still being written</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+121"/>
        <source>Its %n document(s) are cut into new chunks and embedded again</source>
        <translation>
            <numerusform>Its %n document is cut into new chunks and embedded again</numerusform>
            <numerusform>Its %n documents are cut into new chunks and embedded again</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source> (%n item(s) now).</source>
        <translation>
            <numerusform> (%n item now).</numerusform>
            <numerusform> (%n items now).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>This takes about %1, measured from this library&apos;s last ingestions (%n file(s) in %2).</source>
        <translation>
            <numerusform>This takes about %1, measured from this library&apos;s last ingestions (%n file in %2).</numerusform>
            <numerusform>This takes about %1, measured from this library&apos;s last ingestions (%n files in %2).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+49"/>
        <source>%n document(s) removed.</source>
        <translation>
            <numerusform>%n document removed.</numerusform>
            <numerusform>%n documents removed.</numerusform>
        </translation>
    </message>
</context>
</TS>

#!/usr/bin/env bash
# Remove Qt libraries, plugins and translations that a widgets app like fieldapp never loads.
# PyInstaller's PySide6 hook already leaves out unimported modules; this catches what plugins drag in.
set -euo pipefail
APP="$1"
INTERNAL="$APP/_internal"
QT="$INTERNAL/PySide6/Qt"
removed=0
remove() {
    for path in "$@"; do
        if [ -e "$path" ]; then rm -rf "$path"; removed=$((removed + 1)); fi
    done
}
shopt -s nullglob
# Whole Qt modules fieldapp does not use (QML/Quick come in through the multimedia and pdf plugins).
for lib in WebEngine WebEngineCore WebEngineWidgets WebEngineQuick WebChannel WebSockets WebView \
           3DCore 3DRender 3DInput 3DLogic 3DAnimation 3DExtras 3DQuick \
           Quick Quick3D QuickControls2 QuickTemplates2 QuickWidgets QuickShapes QuickParticles \
           Qml QmlModels QmlWorkerScript QmlMeta \
           Charts DataVisualization Graphs Bluetooth Nfc Positioning Location Sensors SerialPort \
           SerialBus RemoteObjects Scxml StateMachine TextToSpeech SpatialAudio HttpServer \
           Designer Help UiTools Sql Test VirtualKeyboard ShaderTools; do
    remove "$INTERNAL"/libQt6"$lib"*.so* "$QT"/lib/libQt6"$lib"*.so*
done
# Plugins for those modules, and platform back ends a laptop never uses.
remove "$QT/plugins/qmltooling" "$QT/plugins/sqldrivers" "$QT/plugins/designer" \
       "$QT/plugins/virtualkeyboard" "$QT/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so" \
       "$QT/plugins/position" "$QT/plugins/sensors" "$QT/plugins/webview" "$QT/plugins/sceneparsers" \
       "$QT/plugins/renderers" "$QT/plugins/geometryloaders" "$QT/plugins/texttospeech" \
       "$QT/plugins/platforms/libqvnc.so" "$QT/plugins/platforms/libqlinuxfb.so" \
       "$QT/plugins/platforms/libqeglfs.so" "$QT/plugins/platforms/libqvkkhrdisplay.so" \
       "$QT/plugins/platforms/libqminimalegl.so" "$QT/qml" "$QT/resources" \
       "$QT/libexec/QtWebEngineProcess"
# Qt's own translations: keep only the languages fieldapp offers (English needs none).
if [ -d "$QT/translations" ]; then
    for qm in "$QT"/translations/*.qm; do
        case "$(basename "$qm")" in
            *_ur.qm|*_ps.qm|*_ar.qm|*_fa.qm) ;;
            *) rm -f "$qm"; removed=$((removed + 1)) ;;
        esac
    done
fi
echo "trim: removed $removed files or folders"

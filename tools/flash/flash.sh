#!/usr/bin/env bash
# Flash nanoFramework firmware, deploy the IotEsim app and upload config/certificates with nanoff.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: flash.sh <command> --port PORT [options]

commands:
  firmware   write the nanoFramework runtime (nanoff --update) for --target
  app        deploy the compiled application (nanoff --deploy --image)
  files      upload config and certificates to I:\ (nanoff --filedeployment)
  board-files  upload the eUICC board's credentials from --pki DIR to I:\ (euicc.der, euicc.key.pem,
             eum.der, ci.der: the names `iotesim euicc init` writes; lab keys only, the key sits in flash)
  info       read device details (nanoff --devicedetails)
  all        firmware, then app, then files

options:
  --port PORT      serial port of the ESP32 (e.g. /dev/ttyUSB0)
  --target NAME    nanoFramework target (default ESP32_REV0; ESP32_PSRAM_REV0 for boards with PSRAM)
  --image FILE     application image .bin (default firmware/bin/Release/IotEsim.Firmware.bin)
  --config FILE    device config (default tools/flash/iotesim.conf)
  --certs DIR      directory with CA certificates to upload (*.pem, *.der)
  --pki DIR        PKI directory of the eUICC board (board-files), e.g. /tmp/e1/pki
  --help           this text

Requires nanoff: dotnet tool install -g nanoff
USAGE
}

[ $# -eq 0 ] && { usage; exit 1; }
cmd="$1"; shift
[ "$cmd" = "--help" ] || [ "$cmd" = "-h" ] && { usage; exit 0; }

here="$(cd "$(dirname "$0")" && pwd)"
port=""; target="ESP32_REV0"; image="$here/../../firmware/bin/Release/IotEsim.Firmware.bin"
config="$here/iotesim.conf"; certs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2;;
    --target) target="$2"; shift 2;;
    --image) image="$2"; shift 2;;
    --config) config="$2"; shift 2;;
    --certs) certs="$2"; shift 2;;
    --pki) pki="$2"; shift 2;;
    --help|-h) usage; exit 0;;
    *) echo "unknown option $1" >&2; usage; exit 1;;
  esac
done
[ -z "$port" ] && { echo "--port is required" >&2; exit 1; }
command -v nanoff >/dev/null || { echo "nanoff not found: dotnet tool install -g nanoff" >&2; exit 1; }

do_firmware() { nanoff --platform esp32 --target "$target" --serialport "$port" --update; }
do_app() {
  [ -f "$image" ] || { echo "no image $image: build firmware/IotEsim.Firmware.nfproj in Visual Studio first" >&2; exit 1; }
  nanoff --platform esp32 --serialport "$port" --deploy --image "$image"
}
do_files() {
  [ -f "$config" ] || { echo "no config $config (copy iotesim.conf.example)" >&2; exit 1; }
  deploy="$(mktemp -d)/deploy.json"
  {
    echo '{ "serialport": "'"$port"'", "files": ['
    echo '  { "DestinationFilePath": "I:\\iotesim.conf", "SourceFilePath": "'"$(realpath "$config")"'" }'
    if [ -n "$certs" ]; then
      for f in "$certs"/*.pem "$certs"/*.der; do
        [ -f "$f" ] || continue
        echo ', { "DestinationFilePath": "I:\\'"$(basename "$f")"'", "SourceFilePath": "'"$(realpath "$f")"'" }'
      done
    fi
    echo '] }'
  } > "$deploy"
  nanoff --filedeployment "$deploy"
}
do_board_files() {
  [ -n "$pki" ] || { echo "--pki DIR is required (the pki folder of iotesim euicc init)" >&2; exit 1; }
  deploy="$(mktemp -d)/deploy.json"
  sep=""
  {
    echo '{ "serialport": "'"$port"'", "files": ['
    for f in euicc.der euicc.key.pem eum.der ci.der; do
      [ -f "$pki/$f" ] || { echo "missing $pki/$f" >&2; exit 1; }
      echo "$sep"' { "DestinationFilePath": "I:\\'"$f"'", "SourceFilePath": "'"$(realpath "$pki/$f")"'" }'
      sep=","
    done
    echo '] }'
  } > "$deploy" || exit 1
  nanoff --filedeployment "$deploy"
}
do_info() { nanoff --platform esp32 --serialport "$port" --devicedetails; }

case "$cmd" in
  firmware) do_firmware;;
  app) do_app;;
  files) do_files;;
  board-files) do_board_files;;
  info) do_info;;
  all) do_firmware; do_app; do_files;;
  *) echo "unknown command $cmd" >&2; usage; exit 1;;
esac

<#
.SYNOPSIS
  Flash nanoFramework firmware, deploy the IotEsim app and upload config/certificates with nanoff.
.DESCRIPTION
  Commands: firmware (nanoff --update), app (--deploy --image), files (--filedeployment), info (--devicedetails), all.
  Requires nanoff: dotnet tool install -g nanoff
.EXAMPLE
  ./flash.ps1 all -Port COM5 -Config .\iotesim.conf -Certs .\certs
#>
param(
  [Parameter(Position = 0)][ValidateSet('firmware', 'app', 'files', 'info', 'all')][string]$Command,
  [string]$Port,
  [string]$Target = 'ESP32_REV0',
  [string]$Image = (Join-Path $PSScriptRoot '..\..\firmware\bin\Release\IotEsim.Firmware.bin'),
  [string]$Config = (Join-Path $PSScriptRoot 'iotesim.conf'),
  [string]$Certs,
  [switch]$Help
)
if ($Help -or -not $Command) { Get-Help $PSCommandPath -Detailed; exit 0 }
if (-not $Port) { throw '-Port is required (e.g. COM5)' }
if (-not (Get-Command nanoff -ErrorAction SilentlyContinue)) { throw 'nanoff not found: dotnet tool install -g nanoff' }

function Do-Firmware { nanoff --platform esp32 --target $Target --serialport $Port --update }
function Do-App {
  if (-not (Test-Path $Image)) { throw "no image $Image: build firmware/IotEsim.Firmware.nfproj first" }
  nanoff --platform esp32 --serialport $Port --deploy --image $Image
}
function Do-Files {
  if (-not (Test-Path $Config)) { throw "no config $Config (copy iotesim.conf.example)" }
  $files = @(@{ DestinationFilePath = 'I:\iotesim.conf'; SourceFilePath = (Resolve-Path $Config).Path })
  if ($Certs) {
    Get-ChildItem $Certs -Include *.pem, *.der -Recurse | ForEach-Object {
      $files += @{ DestinationFilePath = 'I:\' + $_.Name; SourceFilePath = $_.FullName }
    }
  }
  $deploy = Join-Path ([IO.Path]::GetTempPath()) 'iotesim-deploy.json'
  @{ serialport = $Port; files = $files } | ConvertTo-Json -Depth 4 | Set-Content $deploy
  nanoff --filedeployment $deploy
}
function Do-Info { nanoff --platform esp32 --serialport $Port --devicedetails }

switch ($Command) {
  'firmware' { Do-Firmware }
  'app' { Do-App }
  'files' { Do-Files }
  'info' { Do-Info }
  'all' { Do-Firmware; Do-App; Do-Files }
}

@echo off
rem Membuat laporan untuk semua berkas Excel di folder triwulan, dengan lkt-excel.
rem 1. Ganti FOLDER di bawah dengan folder triwulan kantor Anda (tetap di antara tanda kutip).
rem 2. Simpan, lalu klik dua kali berkas ini. Hasilnya di folder "hasil" di dalam FOLDER.
rem Bila berkas ini dipindah (mis. ke Desktop), tulis juga letak lengkap lkt-excel.exe di LKT,
rem mis. set "LKT=C:\Users\nama\lkt-excel\lkt-excel.exe".
set "FOLDER=D:\LKT\2024 TW I"
set "LKT=%~dp0lkt-excel.exe"

"%LKT%" proses "%FOLDER%"
echo.
echo Tekan tombol apa saja untuk menutup jendela ini.
pause >nul

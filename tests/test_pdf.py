"""Where LibreOffice is installed (`make office`), the xlsx and docx open in an office suite and print."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from bot.reports.bulletin_doc import render_docx
from bot.reports.bulletin_draft import draft_bulletin
from bot.reports.table import bulletin_table
from bot.reports.xlsx import render_xlsx
from tests.office_data import EXCEEDED, seed_half_year

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.e2e,  # LibreOffice converts the real files: slow, left out of the fast loop
    pytest.mark.skipif(
        SOFFICE is None, reason="未安装 LibreOffice（soffice），跳过 xlsx/docx 转 PDF 检查；运行 make office 可安装"
    ),
]


def to_pdf(source: Path, tmp_path: Path) -> Path:
    profile = tmp_path / "lo-profile"  # a private profile: no clash with a running LibreOffice
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = tmp_path / f"{source.stem}.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), f"LibreOffice did not convert {source.name}"
    return pdf


def pdf_text(pdf: Path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def test_xlsx_and_docx_convert_to_pdf_with_their_content(svc, tmp_path):
    seed_half_year(svc)
    board = svc.itemized_scoreboard()
    xlsx = tmp_path / "通报表.xlsx"
    xlsx.write_bytes(render_xlsx(bulletin_table(board, svc.config.rules)))
    docx = tmp_path / "情况通报.docx"
    draft = draft_bulletin(
        board, svc.config.rules, svc.quality_items(board.period), date(2019, 8, 16), issuer=svc.config.bot.office.issuer
    )
    docx.write_bytes(render_docx(draft))

    for source, must_show in (
        (xlsx, ["上街区各单位信息采用情况通报表", "政务服务和大数据局", "104%"]),
        (docx, ["关于2019年上半年信息工作情况的通报", "附件1", "附件2", *EXCEEDED]),
    ):
        text = pdf_text(to_pdf(source, tmp_path))
        if text is not None:
            squeezed = "".join(text.split())
            for words in must_show:
                assert words in squeezed, (source.name, words)

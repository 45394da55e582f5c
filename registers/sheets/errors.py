from dataclasses import dataclass, field


class BadFile(Exception):
    """A file that cannot be read as a sheet at all: one clear Chinese message, no traceback."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Issue:
    """One error or warning, located as Excel shows it: sheet, 1-based row, column letter/name."""

    reason: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    level: str = "error"  # "error" | "warning"
    code: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.row:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"“{self.column}”列")
        return "".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}：{self.reason}" if where else self.reason

    def as_dict(self) -> dict:
        data = {"reason": self.reason, "sheet": self.sheet, "row": self.row, "column": self.column,
                "level": self.level, "code": self.code}
        if self.extra:
            data["extra"] = self.extra
        return data
